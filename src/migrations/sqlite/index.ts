import * as migration_20261126_044709_initial from './20261126_044709_initial';

export const migrations = [
  {
    up: migration_20261126_044709_initial.up,
    down: migration_20261126_044709_initial.down,
    name: '20261126_044709_initial'
  },
];
