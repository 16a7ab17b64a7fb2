import { Schema, type Types } from 'mongoose';

export interface AuditParty {
  type: string;
  id: string | null;
}

export interface AuditEventDoc {
  _id: Types.ObjectId;
  actor: AuditParty;
  action: string;
  target: AuditParty;
  data: unknown;
  at: Date;
}

const partySchema = new Schema<AuditParty>(
  { type: { type: String, required: true }, id: { type: String, default: null } },
  { _id: false },
);

export const auditEventSchema = new Schema<AuditEventDoc>({
  actor: { type: partySchema, required: true },
  action: { type: String, required: true },
  target: { type: partySchema, required: true },
  data: { type: Schema.Types.Mixed, default: null },
  at: { type: Date, default: () => new Date() },
});

auditEventSchema.index({ at: -1 });
auditEventSchema.index({ 'target.type': 1, 'target.id': 1, at: -1 });
