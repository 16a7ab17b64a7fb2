import { recommend as recommendFromModel } from '../analytics/recommendations/model.ts';
import { entitiesOf } from '../conversation/analysis.ts';
import type { ProductSuggestion } from '../contracts/visitor-events.ts';
import type { ActionHandler } from './types.ts';

/**
 * Product cards from the precomputed recommendation model; category words in the message narrow them.
 * "Based on what you bought" only for a verified customer: purchase history is the customer's, not the
 * token holder's.
 */
export const recommend: ActionHandler = async ({ deps, analysis, contactId, conversation, verified }) => {
  // A catalogue match carries `{ id, name }`; the id is the category as products store it.
  const categories = entitiesOf(analysis, 'category').map((e) => catalogueId(e.value) ?? e.text);
  const picks = recommendFromModel(deps.recommendations(), {
    ...(verified ? { userId: contactId } : {}),
    categories,
    limit: deps.settings.recommendationCount,
  });
  if (picks.length === 0) {
    return {
      text: "I don't have a suggestion right now. Tell me what you're looking for and I'll check the catalogue.",
      pendingSlot: null,
      outcome: 'none',
    };
  }
  const suggestions: ProductSuggestion[] = picks.map(({ item }) => ({
    type: 'product',
    productId: item.id,
    title: item.title,
    price: item.price,
    ...(item.sku ? { sku: item.sku } : {}),
    ...(item.url ? { url: item.url } : {}),
    ...(item.imageUrl ? { imageUrl: item.imageUrl } : {}),
  }));
  const source = picks[0]!.source;
  deps.events.emit('recommendations.shown', {
    conversationId: conversation.id,
    contactId: contactId,
    productIds: suggestions.map((s) => s.productId),
    source,
  });
  const intro =
    source === 'collaborative'
      ? 'Based on what you bought before, you might like these:'
      : source === 'category'
        ? 'Here are some popular picks in that category:'
        : 'Here are some of our most popular products:';
  return { text: intro, suggestions, pendingSlot: null, outcome: `recommended_${source}` };
};

function catalogueId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string')
    return value.id;
  return undefined;
}
