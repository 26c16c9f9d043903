/**
 * The step-up aggregate: single-use Okta sign-in challenges for approvers.
 */
import type { NewStepUpChallenge, StepUpChallenge, StepUpChallengeId } from "../stepup/step-up-records.js";

export interface StepUpStore {
  /** Stores a new step-up challenge (see `governance/stepup/`). */
  createStepUpChallenge(input: NewStepUpChallenge): Promise<StepUpChallenge>;
  getStepUpChallenge(id: StepUpChallengeId): Promise<StepUpChallenge | null>;
  getStepUpChallengeByState(state: string): Promise<StepUpChallenge | null>;
  /**
   * Marks a challenge used with one conditional UPDATE: true only for the
   * first call while it is unused and unexpired at `now`, so a replayed
   * callback or a second tab gets false.
   */
  consumeStepUpChallenge(id: StepUpChallengeId, options?: { now?: Date }): Promise<boolean>;
  /** Deletes challenges that expired before `before`; returns how many. */
  purgeStepUpChallenges(before: Date): Promise<number>;
}
