CREATE TYPE "public"."credit_note_kind" AS ENUM('refund', 'dispute_opened', 'dispute_won');--> statement-breakpoint
ALTER TYPE "public"."ledger_entry_kind" ADD VALUE 'dispute';--> statement-breakpoint
CREATE TABLE "credit_notes" (
	"account_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"payment_id" uuid NOT NULL,
	"kind" "credit_note_kind" NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"provider_object_id" text NOT NULL,
	"reason" text,
	"ledger_entry_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_notes_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
DROP INDEX "ledger_entries_payment_idx";--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_event_idx" ON "credit_notes" USING btree ("account_id","provider","provider_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_reference_idx" ON "credit_notes" USING btree ("account_id","reference");--> statement-breakpoint
CREATE INDEX "credit_notes_payment_idx" ON "credit_notes" USING btree ("account_id","payment_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_notes_account_time_idx" ON "credit_notes" USING btree ("account_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_idx" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id","last_seen_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_payment_idx" ON "ledger_entries" USING btree ("account_id","payment_id") WHERE "ledger_entries"."kind" = 'payment';--> statement-breakpoint
-- hand-written: an open link that was to set a later sign-up's password would now only verify the account with the password an earlier sign-up stored: end it (a new link can be requested).
UPDATE "user_tokens" SET "used_at" = now() WHERE "used_at" IS NULL AND "pending_password_hash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "user_tokens" DROP COLUMN "pending_name";--> statement-breakpoint
ALTER TABLE "user_tokens" DROP COLUMN "pending_password_hash";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "session_version";