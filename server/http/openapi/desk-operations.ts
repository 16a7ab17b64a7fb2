import type { Config } from '../../config.ts';
import { deployBody, rollbackBody, tryItBody } from '../routes/admin-models.ts';
import {
  cannedBody,
  cannedQuery,
  capacityBody,
  inboxQuery,
  noteBody,
  presenceBody,
  replyBody,
  transferBody,
} from '../routes/agent-desk.ts';
import type { OperationSpec } from './operations.ts';

const notFound = { 404: 'NOT_FOUND' };
const transition = { 404: 'NOT_FOUND', 409: 'ILLEGAL_TRANSITION' };

/** The agent desk over REST (docs/api.md "Agent desk"): the same domain functions as the /agent socket. */
export function deskOperations(): OperationSpec[] {
  const tag = 'Agent desk';
  const conversation = (
    id: string,
    verb: string,
    summary: string,
    extra: Partial<OperationSpec> = {},
  ): OperationSpec => ({
    id,
    method: 'post',
    path: `/api/conversations/:id/${verb}`,
    tag,
    summary,
    access: 'staff',
    errors: transition,
    ...extra,
  });
  return [
    {
      id: 'inbox',
      method: 'get',
      path: '/api/inbox',
      tag,
      summary: 'One inbox view (queue, mine, live, resolved) with unread counts',
      access: 'staff',
      query: inboxQuery,
    },
    {
      id: 'conversationDetail',
      method: 'get',
      path: '/api/conversations/:id',
      tag,
      summary: 'A conversation with its transcript, notes, contact and tickets',
      access: 'staff',
      errors: notFound,
    },
    conversation('takeOver', 'takeover', 'Take the conversation (from the queue or the bot)'),
    conversation('replyAsAgent', 'reply', 'Answer the visitor as the owning agent', {
      body: replyBody,
      success: { status: 201, description: 'The stored message' },
    }),
    conversation('addNote', 'notes', 'A private note (never shown to the visitor)', {
      body: noteBody,
      success: { status: 201, description: 'The stored note' },
      errors: notFound,
    }),
    conversation('transfer', 'transfer', 'Hand the conversation to another agent', { body: transferBody }),
    conversation('resolve', 'resolve', 'Resolve the conversation'),
    conversation('handBack', 'handback', 'Give the conversation back to the bot'),
    {
      id: 'listCannedReplies',
      method: 'get',
      path: '/api/canned-replies',
      tag,
      summary: 'Canned replies, filled in for a conversation when one is named',
      access: 'staff',
      query: cannedQuery,
    },
    {
      id: 'createCannedReply',
      method: 'post',
      path: '/api/canned-replies',
      tag,
      summary: 'Add a canned reply',
      access: 'admin',
      body: cannedBody,
      success: { status: 201, description: 'The canned reply' },
      errors: { 409: 'ALREADY_EXISTS' },
    },
    {
      id: 'updateCannedReply',
      method: 'put',
      path: '/api/canned-replies/:id',
      tag,
      summary: 'Replace a canned reply',
      access: 'admin',
      body: cannedBody,
      errors: { 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS' },
    },
    {
      id: 'deleteCannedReply',
      method: 'delete',
      path: '/api/canned-replies/:id',
      tag,
      summary: 'Remove a canned reply',
      access: 'admin',
      success: { status: 204, description: 'Removed' },
      errors: notFound,
    },
    {
      id: 'listAgents',
      method: 'get',
      path: '/api/agents',
      tag,
      summary: 'Agents with presence, capacity and load',
      access: 'staff',
    },
    {
      id: 'setPresence',
      method: 'put',
      path: '/api/agents/me/presence',
      tag,
      summary: 'Your presence (online, away, offline)',
      access: 'staff',
      body: presenceBody,
    },
    {
      id: 'setCapacity',
      method: 'patch',
      path: '/api/agents/:id',
      tag,
      summary: "An agent's capacity (conversations at once)",
      access: 'admin',
      body: capacityBody,
      errors: notFound,
    },
  ];
}

/** Training jobs, model versions, the deploy gate, deploys, rollbacks and "Try it" (docs/admin.md). */
export function modelOperations(config: Pick<Config, 'messageMaxLength'>): OperationSpec[] {
  const training = 'Admin: training';
  const models = 'Admin: models';
  return [
    {
      id: 'startTraining',
      method: 'post',
      path: '/api/admin/training/jobs',
      tag: training,
      summary: 'Train a candidate model from the intent store',
      access: 'admin',
      success: { status: 202, description: 'The job, queued' },
      errors: { 409: 'TRAINING_IN_PROGRESS' },
    },
    {
      id: 'listTrainingJobs',
      method: 'get',
      path: '/api/admin/training/jobs',
      tag: training,
      summary: 'Training jobs, newest first',
      access: 'admin',
    },
    {
      id: 'getTrainingJob',
      method: 'get',
      path: '/api/admin/training/jobs/:id',
      tag: training,
      summary: 'One job: state, progress, the model version it made',
      access: 'admin',
      errors: notFound,
    },
    {
      id: 'listModelVersions',
      method: 'get',
      path: '/api/admin/models',
      tag: models,
      summary: 'Kept model versions and the deployment',
      access: 'admin',
    },
    {
      id: 'getDeployment',
      method: 'get',
      path: '/api/admin/models/deployment',
      tag: models,
      summary: "The deployment and this node's loaded revision",
      access: 'admin',
    },
    {
      id: 'getModelVersion',
      method: 'get',
      path: '/api/admin/models/:id',
      tag: models,
      summary: 'One model version with its evaluation report',
      access: 'admin',
      errors: notFound,
    },
    {
      id: 'checkDeployGate',
      method: 'get',
      path: '/api/admin/models/:id/gate',
      tag: models,
      summary: "The deploy gate's verdict for a version",
      access: 'admin',
      errors: notFound,
    },
    {
      id: 'deployModel',
      method: 'post',
      path: '/api/admin/models/:id/deploy',
      tag: models,
      summary: 'Deploy a version (every node follows)',
      access: 'admin',
      body: deployBody,
      errors: { 404: 'NOT_FOUND', 409: 'DEPLOY_GATE_REFUSED' },
    },
    {
      id: 'rollbackModel',
      method: 'post',
      path: '/api/admin/models/:id/rollback',
      tag: models,
      summary: 'Deploy an earlier version again',
      access: 'admin',
      body: rollbackBody,
      errors: notFound,
    },
    {
      id: 'tryModel',
      method: 'post',
      path: '/api/nlp/try',
      tag: 'NLP',
      summary: 'What the deployed model or a candidate understands of a text',
      access: 'admin',
      body: tryItBody(config.messageMaxLength),
      errors: notFound,
    },
  ];
}
