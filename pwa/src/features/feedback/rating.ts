// What the rating form sends: every criterion scored 0, 1 or 2, an overall 1–5 and a comment only when one
// was written. The server says the same (422 incomplete_rating); asking first spares a round trip on 3G.

export type Scores = Record<string, number>;

export interface RatingChoice {
  scores: Scores;
  overall: number | null;
  comment: string;
}

export interface RatingBody {
  scores: Scores;
  overall: number;
  comment?: string;
}

/** The longest comment the API takes (RatingInput.comment). */
export const MAX_COMMENT = 1000;

/** The overall score's steps, lowest first. */
export const OVERALL_STEPS = [1, 2, 3, 4, 5] as const;

/** The criteria (by code, in the form's order) still without a score. */
export function unscored(codes: readonly string[], scores: Scores): string[] {
  return codes.filter((code) => ![0, 1, 2].includes(scores[code]));
}

/** The body to send, or null while a criterion or the overall score is missing. */
export function ratingBody(codes: readonly string[], choice: RatingChoice): RatingBody | null {
  if (unscored(codes, choice.scores).length > 0 || choice.overall === null) return null;
  const scores = Object.fromEntries(codes.map((code) => [code, choice.scores[code]]));
  const comment = choice.comment.trim().replace(/\s+/g, ' ').slice(0, MAX_COMMENT);
  return comment ? { scores, overall: choice.overall, comment } : { scores, overall: choice.overall };
}

/** Whether the dossier page shows the call to rate, "Bạn đã đánh giá", or nothing (no result in hand yet). */
export function ratingNotice(status: { rated: boolean; may_rate: boolean } | null): 'invite' | 'rated' | null {
  if (!status) return null;
  if (status.rated) return 'rated';
  return status.may_rate ? 'invite' : null;
}

/** States in which the result is in the person's hands: only then is the rating asked about. */
export const RATEABLE_STATES: readonly string[] = ['returned', 'delivered'];
