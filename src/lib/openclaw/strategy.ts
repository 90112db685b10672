/** How the local model relates to the hosted models already configured (seed 000). */
export type Strategy = 'local-first' | 'local-fallback' | 'local-only'
export const STRATEGIES: Strategy[] = ['local-first', 'local-fallback', 'local-only']
