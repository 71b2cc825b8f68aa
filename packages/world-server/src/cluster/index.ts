export type { RedisConnection } from './redis-matchmaking.js';
