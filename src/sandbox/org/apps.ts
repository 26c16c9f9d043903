/** Apps and their assignments, direct or through groups: what a SAR lists as the principal's access. */
import type { OrgContext } from "./context.js";
import type { AppAssignment, SandboxApp } from "./types.js";

export type Assignee = { userId: string } | { groupId: string };

export interface NewApp {
  id?: string;
  name: string;
  label: string;
}

/** An app a user can reach, directly or through groups. */
export interface AppAccess {
  app: SandboxApp;
  assignmentType: "INDIVIDUAL" | "GROUP";
  assigned: string;
  groupNames: string[];
}

export interface Apps {
  addApp(input: NewApp): SandboxApp;
  assignApp(appId: string, assignee: Assignee): void;
  appAccessOf(userId: string): AppAccess[];
}

/** What apps need to know of the directory's users and groups. */
export interface Membership {
  checkUser(userId: string): void;
  checkAssignee(assignee: Assignee): void;
  memberOf(userId: string, groupId: string): boolean;
  groupName(groupId: string): string;
}

/** Creates the org's app catalogue over `membership`. */
export function createApps(ctx: OrgContext, membership: Membership): Apps {
  const apps = new Map<string, SandboxApp>();
  const assignments: AppAssignment[] = [];
  return {
    addApp(input) {
      const created: SandboxApp = { id: input.id ?? ctx.ids("app"), name: input.name, label: input.label, created: ctx.now() };
      apps.set(created.id, created);
      return structuredClone(created);
    },
    assignApp(appId, assignee) {
      if (!apps.has(appId)) throw new Error(`No app ${appId} in the sandbox org`);
      membership.checkAssignee(assignee);
      assignments.push({ appId, assignee, assigned: ctx.now() });
    },
    appAccessOf(userId) {
      membership.checkUser(userId);
      const byApp = new Map<string, AppAccess>();
      for (const assignment of assignments) {
        const app = apps.get(assignment.appId);
        if (!app) continue;
        const { assignee } = assignment;
        const direct = "userId" in assignee && assignee.userId === userId;
        const viaGroup = "groupId" in assignee && membership.memberOf(userId, assignee.groupId) ? assignee.groupId : undefined;
        if (!direct && viaGroup === undefined) continue;
        const access = byApp.get(app.id) ?? { app: structuredClone(app), assignmentType: "GROUP", assigned: assignment.assigned, groupNames: [] };
        // A direct assignment is what a reviewer revokes, so it wins over group ones.
        if (direct) access.assignmentType = "INDIVIDUAL";
        if (viaGroup !== undefined) access.groupNames.push(membership.groupName(viaGroup));
        byApp.set(app.id, access);
      }
      return [...byApp.values()];
    },
  };
}
