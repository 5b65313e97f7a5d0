-- Sign-in protection (issue 12): a per-account lockout after consecutive wrong passwords,
-- and refresh-token reuse detection (the previous token of a session is kept, hashed).

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "locked_until" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "previous_refresh_token_hash" TEXT;

-- CreateIndex
CREATE INDEX "sessions_previous_refresh_token_hash_idx" ON "sessions"("previous_refresh_token_hash");

-- Idempotency records kept a plain SHA-256 of request bodies (which may name a denouncer)
-- and now keep a keyed hash: overwrite the old digests, so a retry of an old request is
-- refused as a different request instead of running twice
UPDATE "idempotency_records" SET "request_hash" = 'unkeyed digest removed';
