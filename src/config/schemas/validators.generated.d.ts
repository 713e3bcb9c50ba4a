// Types for validators.generated.js (ajv standalone output, written by src/cli/generate-validators.ts): one
// precompiled validator per schema. Each returns whether the data is valid and leaves ajv's errors on `.errors`.
import type { ErrorObject } from 'ajv';

type PrecompiledValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export declare const prowConfig: PrecompiledValidator;
export declare const jobConfig: PrecompiledValidator;
export declare const pluginConfig: PrecompiledValidator;
export declare const prowYaml: PrecompiledValidator;
