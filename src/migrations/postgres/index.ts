import * as migration_20261126_044717_initial from './20261126_044717_initial';
import * as migration_20261126_053540_content_types from './20261126_053540_content_types';
import * as migration_20261126_084547_related_index from './20261126_084547_related_index';
import * as migration_20261126_090711_signing from './20261126_090711_signing';
import * as migration_20261126_093452_webhooks from './20261126_093452_webhooks';
import * as migration_20261126_094927_webhooks_declared from './20261126_094927_webhooks_declared';
import * as migration_20261129_214603_read_cache_generation from './20261129_214603_read_cache_generation';
import * as migration_20261130_010439_signature_counter from './20261130_010439_signature_counter';
import * as migration_20261130_010724_signature_confirmations from './20261130_010724_signature_confirmations';
import * as migration_20261130_023321_articles_list_index from './20261130_023321_articles_list_index';
import * as migration_20261130_043248_section_titles from './20261130_043248_section_titles';
import * as migration_20261130_075017_signature_confirmation_held from './20261130_075017_signature_confirmation_held';
import * as migration_20261130_075018_signer_email_domains from './20261130_075018_signer_email_domains';
import * as migration_20261130_084336_signatures_by_time from './20261130_084336_signatures_by_time';
import * as migration_20261130_110835_signatures_confirmed from './20261130_110835_signatures_confirmed';
import * as migration_20261130_113228_signature_confirmation_failures from './20261130_113228_signature_confirmation_failures';
import * as migration_20261130_181334_delivery_log_by_endpoint from './20261130_181334_delivery_log_by_endpoint';

export const migrations = [
  {
    up: migration_20261126_044717_initial.up,
    down: migration_20261126_044717_initial.down,
    name: '20261126_044717_initial',
  },
  {
    up: migration_20261126_053540_content_types.up,
    down: migration_20261126_053540_content_types.down,
    name: '20261126_053540_content_types',
  },
  {
    up: migration_20261126_084547_related_index.up,
    down: migration_20261126_084547_related_index.down,
    name: '20261126_084547_related_index',
  },
  {
    up: migration_20261126_090711_signing.up,
    down: migration_20261126_090711_signing.down,
    name: '20261126_090711_signing',
  },
  {
    up: migration_20261126_093452_webhooks.up,
    down: migration_20261126_093452_webhooks.down,
    name: '20261126_093452_webhooks',
  },
  {
    up: migration_20261126_094927_webhooks_declared.up,
    down: migration_20261126_094927_webhooks_declared.down,
    name: '20261126_094927_webhooks_declared',
  },
  {
    up: migration_20261129_214603_read_cache_generation.up,
    down: migration_20261129_214603_read_cache_generation.down,
    name: '20261129_214603_read_cache_generation',
  },
  {
    up: migration_20261130_010439_signature_counter.up,
    down: migration_20261130_010439_signature_counter.down,
    name: '20261130_010439_signature_counter',
  },
  {
    up: migration_20261130_010724_signature_confirmations.up,
    down: migration_20261130_010724_signature_confirmations.down,
    name: '20261130_010724_signature_confirmations',
  },
  {
    up: migration_20261130_023321_articles_list_index.up,
    down: migration_20261130_023321_articles_list_index.down,
    name: '20261130_023321_articles_list_index',
  },
  {
    up: migration_20261130_043248_section_titles.up,
    down: migration_20261130_043248_section_titles.down,
    name: '20261130_043248_section_titles',
  },
  {
    up: migration_20261130_075017_signature_confirmation_held.up,
    down: migration_20261130_075017_signature_confirmation_held.down,
    name: '20261130_075017_signature_confirmation_held',
  },
  {
    up: migration_20261130_075018_signer_email_domains.up,
    down: migration_20261130_075018_signer_email_domains.down,
    name: '20261130_075018_signer_email_domains',
  },
  {
    up: migration_20261130_084336_signatures_by_time.up,
    down: migration_20261130_084336_signatures_by_time.down,
    name: '20261130_084336_signatures_by_time',
  },
  {
    up: migration_20261130_110835_signatures_confirmed.up,
    down: migration_20261130_110835_signatures_confirmed.down,
    name: '20261130_110835_signatures_confirmed',
  },
  {
    up: migration_20261130_113228_signature_confirmation_failures.up,
    down: migration_20261130_113228_signature_confirmation_failures.down,
    name: '20261130_113228_signature_confirmation_failures',
  },
  {
    up: migration_20261130_181334_delivery_log_by_endpoint.up,
    down: migration_20261130_181334_delivery_log_by_endpoint.down,
    name: '20261130_181334_delivery_log_by_endpoint'
  },
];
