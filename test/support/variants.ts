/** Variants of the environments that are not shipped; they live with the e2e run, which runs them too. */
export { prodWithDestinations } from '../../scripts/e2e/variants';
