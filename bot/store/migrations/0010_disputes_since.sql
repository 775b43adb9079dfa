-- 0010: DisputesSince counts the disputes one person opened since a time
-- (the daily limit of /dispute); without an index it scanned every
-- dispute. disputes_user serves it as proposals_user serves
-- ProposalsSince: the equality columns, then the range.
CREATE INDEX disputes_user ON disputes (platform, user_id, opened_at);
