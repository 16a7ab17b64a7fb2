import { Router } from 'express';
import { z } from 'zod';
import type { NlpAnalysis } from '../../../nlp/types.ts';
import type { HttpRegistration } from '../../app.ts';
import { requireRole, STAFF } from '../guards.ts';
import { parseInput } from '../validation.ts';

/** The part of the NLP pipeline this route needs: the full analysis, tokens included (the server's NLP worker). */
export interface TextAnalyser {
  analyse(text: string): NlpAnalysis | Promise<NlpAnalysis>;
}

/**
 * `POST /api/nlp/parse`: what the bot understands of a text (tokens, entities, sentiment, intent and ranking),
 * for agents and admins checking or debugging the model. Same length limit as a visitor's message, so nothing
 * reaches the pipeline here that could not reach it from the widget.
 */
export const nlpParseBody = (maxLength: number) =>
  z.object({
    text: z.string().trim().min(1, 'Give a non-empty text.').max(maxLength),
  });

export function nlpRoutes(analyser: TextAnalyser): HttpRegistration {
  return (app, context) => {
    const body = nlpParseBody(context.config.messageMaxLength);
    const router = Router();
    router.use(requireRole(context.auth, STAFF));
    router.post('/parse', async (req, res) => {
      const { text } = parseInput(body, req.body);
      res.json(await analyser.analyse(text));
    });
    app.use('/api/nlp', router);
  };
}
