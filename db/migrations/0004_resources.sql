CREATE TYPE "public"."bucket_state" AS ENUM('active', 'deleted');--> statement-breakpoint
CREATE TYPE "public"."instance_state" AS ENUM('starting', 'running', 'stopping', 'stopped', 'rebooting', 'destroying', 'deleted');--> statement-breakpoint
CREATE TYPE "public"."usage_kind" AS ENUM('instance_running', 'instance_stopped', 'bucket');--> statement-breakpoint
CREATE TABLE "bucket_names" (
	"name" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"bucket_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "buckets" (
	"account_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"zone" text NOT NULL,
	"state" "bucket_state" DEFAULT 'active' NOT NULL,
	"object_count" bigint DEFAULT 0 NOT NULL,
	"size_bytes" bigint DEFAULT 0 NOT NULL,
	"rate" bigint NOT NULL,
	"metered_until" timestamp with time zone NOT NULL,
	"meter_remainder" bigint DEFAULT 0 NOT NULL,
	"unposted_charge" bigint DEFAULT 0 NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "buckets_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"account_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"zone" text NOT NULL,
	"state" "instance_state" NOT NULL,
	"settle_at" timestamp with time zone,
	"running_rate" bigint NOT NULL,
	"stopped_rate" bigint NOT NULL,
	"metered_until" timestamp with time zone NOT NULL,
	"meter_remainder" bigint DEFAULT 0 NOT NULL,
	"unposted_charge" bigint DEFAULT 0 NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "instances_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"account_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"kind" "usage_kind" NOT NULL,
	"day" date NOT NULL,
	"resource_name" text NOT NULL,
	"quantity_ms" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "usage_records_account_id_day_resource_id_kind_pk" PRIMARY KEY("account_id","day","resource_id","kind")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "instance_quota" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "bucket_quota" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "low_balance_threshold" bigint DEFAULT 150000 NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "low_balance_warned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bucket_names" ADD CONSTRAINT "bucket_names_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buckets" ADD CONSTRAINT "buckets_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buckets" ADD CONSTRAINT "buckets_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bucket_names_account_idx" ON "bucket_names" USING btree ("account_id","bucket_id");--> statement-breakpoint
CREATE INDEX "buckets_account_list_idx" ON "buckets" USING btree ("account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "instances_account_list_idx" ON "instances" USING btree ("account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "instances_settle_idx" ON "instances" USING btree ("account_id","settle_at") WHERE "instances"."settle_at" is not null;--> statement-breakpoint
-- hand-written: every meter run updates each live instance and its usage row of the day; half-empty pages keep those updates HOT (no index writes, less bloat).
ALTER TABLE "instances" SET (fillfactor = 50);--> statement-breakpoint
-- hand-written: see above.
ALTER TABLE "usage_records" SET (fillfactor = 50);
