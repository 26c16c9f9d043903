/**
 * The command list `/sar help` shows (PRODUCT.md 4.1 to 4.3), read from the
 * command table. Usages are platform-neutral: adapters put their own prefix
 * in front (`/` in Slack, `@bot ` in Teams).
 */
export { helpEntries } from "../commands/menus.js";
