// What trigger's handlers get: the kit's context with trigger's settings for the repo.
import type { HandlerContext } from '../types.js';
import type { TriggerSettings } from './config.js';

export type TriggerContext<E> = HandlerContext<E, TriggerSettings>;
