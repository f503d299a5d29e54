/** Options of the GraphQL limits (src/graphql/index.ts); each has an environment variable. */
export type GraphQLLimitsOptions = {
  /**
   * The most one operation may cost: the objects the answer can hold, the database queries it
   * makes and the documents it reads whole, lists counted at their limit and nested lists
   * multiplied (see queryCost.ts). `GRAPHQL_MAX_COST`.
   * @default 1000
   */
  maxCost?: number
  /** How deeply selections may nest. `GRAPHQL_MAX_DEPTH`. @default 10 */
  maxDepth?: number
  /** Fields (aliases included, fragments expanded) one operation may select. `GRAPHQL_MAX_FIELDS`. @default 200 */
  maxFields?: number
  /** The largest `limit` a list or join may ask for; `limit: 0` and `pagination: false` without a limit are refused. `GRAPHQL_MAX_LIMIT`. @default 100 */
  maxLimit?: number
  /**
   * How long a query may run before the documents it has not fetched yet are refused
   * (mutations are never cut short). `GRAPHQL_TIME_BUDGET_MS`.
   * @default 3000
   */
  timeBudgetMs?: number
  /**
   * Items assumed in a has-many relationship without `maxRows` when weighing a query.
   * @default 10
   */
  hasManyEstimate?: number
}

export type GraphQLLimits = Required<GraphQLLimitsOptions>
