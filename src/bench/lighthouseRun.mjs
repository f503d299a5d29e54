// Runs Lighthouse on one loopback page in an already started Chromium and prints the result's
// categories and audits as JSON. Plain JavaScript run by plain node, on purpose: under tsx the
// functions Lighthouse sends into the page carry esbuild's `__name` helper, which the page
// lacks ("__name is not defined"). Used by ./lighthouse.ts.
import lighthouse from 'lighthouse'
import process from 'node:process'

const [url, port, categories] = process.argv.slice(2)
const result = await lighthouse(url, { logLevel: 'error', onlyCategories: categories.split(','), output: 'json', port: Number(port) })
if (!result) throw new Error('Lighthouse returned no result')
const { audits, categories: scored } = result.lhr
process.stdout.write(JSON.stringify({ audits, categories: scored }))
