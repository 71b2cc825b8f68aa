export * from './hearing-types.js';
export { type ConsumerPlan, type ConsumerView, type PlanInput, planConsumers, type ProducerView } from './plan-consumers.js';
export { SubscriptionIntent } from './subscription-intent.js';
export { spatialLayerFor } from './spatial-layer.js';
