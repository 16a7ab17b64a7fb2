import type {
  CustomerValueView,
  ForecastView,
  ModelsStatus,
  RetrainOutcome,
  SegmentsView,
} from '../../../server/contracts/analytics-models.ts';
import type {
  AgentReport,
  ConversationRowPage,
  DrilldownQuery,
  ServiceReport,
  TicketRowPage,
} from '../../../server/contracts/reports.ts';
import { api, ApiError } from '../api/http.ts';
import { reportQuery, type RangeChoice, type TicketQuery } from './query.ts';

export const DRILL_PAGE_SIZE = 25;

export const fetchServiceReport = (range: RangeChoice) =>
  api<ServiceReport>('GET', `/api/reports/service${reportQuery(range)}`);

export const fetchMyReport = (range: RangeChoice) =>
  api<AgentReport>('GET', `/api/reports/agents/me${reportQuery(range)}`);

export const fetchConversations = (range: RangeChoice, query: DrilldownQuery, page: number) =>
  api<ConversationRowPage>(
    'GET',
    `/api/reports/conversations${reportQuery(range, { ...query, page, limit: DRILL_PAGE_SIZE })}`,
  );

export const fetchTickets = (range: RangeChoice, query: TicketQuery, page: number) =>
  api<TicketRowPage>(
    'GET',
    `/api/reports/tickets${reportQuery(range, { ...query, page, limit: DRILL_PAGE_SIZE })}`,
  );

export const fetchModelsStatus = () => api<ModelsStatus>('GET', '/api/analytics/models');

/** A model's output, or null while it has never been trained (the API answers 404 then). */
async function modelOrNull<T>(name: string): Promise<T | null> {
  try {
    return await api<T>('GET', `/api/analytics/models/${name}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export interface CustomerModels {
  status: ModelsStatus;
  value: CustomerValueView | null;
  segments: SegmentsView | null;
  forecast: ForecastView | null;
}

export async function fetchCustomerModels(): Promise<CustomerModels> {
  const [status, value, segments, forecast] = await Promise.all([
    fetchModelsStatus(),
    modelOrNull<CustomerValueView>('customer-value'),
    modelOrNull<SegmentsView>('segments'),
    modelOrNull<ForecastView>('forecast'),
  ]);
  return { status, value, segments, forecast };
}

/** Retrains and waits for the outcome (the server trains off the reply path; a running training is joined). */
export const retrainModels = () =>
  api<RetrainOutcome>('POST', '/api/analytics/models/retrain?wait=true');
