import * as migration_20261126_044717_initial from './20261126_044717_initial';

export const migrations = [
  {
    up: migration_20261126_044717_initial.up,
    down: migration_20261126_044717_initial.down,
    name: '20261126_044717_initial'
  },
];
