// Commands only org members may use: the membership check, and the refusal when the user is not one.
import type { HandlerContext } from '../types.js';

/**
 * Whether `user` is a member of the event's org; when not, replies `refusal`. An unanswered membership question
 * fails the event (as upstream: nothing is done, the error is logged).
 */
export async function orgMemberOrRefuse(ctx: Pick<HandlerContext<unknown, unknown>, 'github' | 'org' | 'respond'>, user: string, refusal: string): Promise<boolean> {
  let member: boolean;
  try {
    member = await ctx.github.isMember(ctx.org, user);
  } catch (error) {
    throw new Error(`unable to fetch if ${user} is an org member of ${ctx.org}: ${(error as Error).message}`);
  }
  if (!member) await ctx.respond(refusal);
  return member;
}
