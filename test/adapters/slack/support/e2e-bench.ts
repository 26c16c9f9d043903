/**
 * Slack end to end: the real governance core (the shared `startChatCore`:
 * sandbox Okta over HTTP, real Okta client, PGlite store, pg-boss jobs, the
 * repo's policy) behind the real Slack adapter, with the fake Slack Web API as Slack. Helpers drive
 * it the way people do: type a command, fill the modal, click a button.
 */
import type { RunningCore } from "../../../../src/governance/create-core.js";
import type { SlackApiCall } from "../../../../src/fakes/slack-web-api.js";
import type { CoreHarness, CoreHarnessOptions } from "../../../support/core-harness.js";
import { startChatCore } from "../../contract/chat-core.js";
import { startSlackBench, type SlackBench } from "./slack-bench.js";
import { blockActionPayload, interactionBody, nextTriggerId, postSigned, slashCommandBody, viewSubmissionPayload, type SlackUserRef } from "../../../../src/fakes/slack-requests.js";

export interface E2eBench {
  h: CoreHarness;
  core: RunningCore;
  slack: SlackBench;
  /** Runs `/sar <text>` as `user`; resolves with the HTTP answer (the ack). */
  command(user: SlackUserRef, text: string, options?: { triggerId?: string; retryNum?: number; channel?: string }): Promise<Response>;
  /** Runs a launch command and returns the modal once the core's form (or refusal) replaced "Loading…". */
  openForm(user: SlackUserRef, text: string): Promise<Record<string, unknown>>;
  /** Submits a modal with `values` typed into its inputs. */
  submit(user: SlackUserRef, view: Record<string, unknown>, values: Record<string, string>): Promise<Response>;
  /** Clicks a button on a message. */
  click(user: SlackUserRef, actionId: string, value: string, messageTs: string): Promise<Response>;
  /** The view as it now stands in the fake Slack. */
  view(id: unknown): Record<string, unknown>;
  close(): Promise<void>;
}

export async function createE2eBench(options: CoreHarnessOptions = {}): Promise<E2eBench> {
  const chat = await startChatCore(options);
  const { h, core } = chat;
  let slack: SlackBench | undefined;
  try {
    slack = await startSlackBench({ core, chatState: chat.chatState });
    chat.notifiers.slack = slack.adapter.notifier;
    const bench = slack;

    const viewOf = (id: unknown): Record<string, unknown> => {
      const view = bench.slack.views.get(String(id));
      if (view === undefined) throw new Error(`no view ${String(id)} in the fake Slack`);
      return view;
    };

    return {
      h,
      core,
      slack: bench,
      command: (user, text, o = {}) =>
        postSigned(bench.url, slashCommandBody({ user, text, triggerId: o.triggerId ?? nextTriggerId(), ...(o.channel !== undefined && { channel: o.channel }) }), {
          ...(o.retryNum !== undefined && { retryNum: o.retryNum }),
        }),
      async openForm(user, text) {
        const triggerId = nextTriggerId();
        await postSigned(bench.url, slashCommandBody({ user, text, triggerId }));
        const opened = await bench.slack.waitForCall("views.open", (c: SlackApiCall) => c.args.trigger_id === triggerId);
        const id = (opened.response?.view as { id?: string } | undefined)?.id;
        const updated = await bench.slack.waitForCall("views.update", (c) => c.args.view_id === id);
        return viewOf(updated.args.view_id);
      },
      submit: (user, view, values) => postSigned(bench.url, interactionBody(viewSubmissionPayload(user, view, values))),
      click: (user, actionId, value, messageTs) => postSigned(bench.url, interactionBody(blockActionPayload({ user, actionId, value, messageTs }))),
      view: viewOf,
      async close() {
        await bench.close();
        await chat.close();
      },
    };
  } catch (err) {
    await slack?.close().catch(() => undefined);
    await chat.close().catch(() => undefined);
    throw err;
  }
}
