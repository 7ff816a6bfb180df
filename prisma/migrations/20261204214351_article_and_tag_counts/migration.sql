-- AlterTable
ALTER TABLE "tags" ADD COLUMN     "articles_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "article_counts" (
    "shard" SMALLINT NOT NULL,
    "published" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "article_counts_pkey" PRIMARY KEY ("shard")
);

-- CreateIndex
CREATE INDEX "tags_articles_count_name_idx" ON "tags"("articles_count" DESC, "name");

-- Counts kept by triggers, so that the unfiltered article list and the tag list read a few rows
-- instead of aggregating every article on each request. "Published" means not removed
-- (removed_at IS NULL). Writes to one article update one of 16 shard rows (by article id), so
-- concurrent publishers rarely wait on each other's row lock.

-- Every shard row exists; the triggers only ever update them.
INSERT INTO "article_counts" ("shard", "published") SELECT s, 0 FROM generate_series(0, 15) s;

-- $1: the article's id, $2: +1 or -1 (positional, as column names would shadow parameter names).
CREATE FUNCTION "count_published_article"(INTEGER, INTEGER) RETURNS void
LANGUAGE sql AS $$
  UPDATE "article_counts" SET "published" = "published" + $2 WHERE "shard" = $1 % 16;
  UPDATE "tags" SET "articles_count" = "articles_count" + $2
   WHERE "id" IN (SELECT "tag_id" FROM "article_tags" WHERE "article_id" = $1);
$$;

-- An article counts while it is published: when it is inserted published, removed, restored or
-- deleted (before the delete, while its tag links still exist; the links' cascade then finds
-- the article gone and counts nothing).
CREATE FUNCTION "articles_count_changes"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."removed_at" IS NULL THEN PERFORM "count_published_article"(NEW."id", 1); END IF;
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD."removed_at" IS NULL THEN PERFORM "count_published_article"(OLD."id", -1); END IF;
    RETURN OLD;
  ELSE
    IF OLD."removed_at" IS NULL AND NEW."removed_at" IS NOT NULL THEN
      PERFORM "count_published_article"(NEW."id", -1);
    ELSIF OLD."removed_at" IS NOT NULL AND NEW."removed_at" IS NULL THEN
      PERFORM "count_published_article"(NEW."id", 1);
    END IF;
    RETURN NEW;
  END IF;
END;
$$;

CREATE TRIGGER "articles_count_insert" AFTER INSERT ON "articles"
  FOR EACH ROW EXECUTE FUNCTION "articles_count_changes"();
CREATE TRIGGER "articles_count_removal" AFTER UPDATE OF "removed_at" ON "articles"
  FOR EACH ROW EXECUTE FUNCTION "articles_count_changes"();
CREATE TRIGGER "articles_count_delete" BEFORE DELETE ON "articles"
  FOR EACH ROW EXECUTE FUNCTION "articles_count_changes"();

-- A tag link counts while its article is published.
CREATE FUNCTION "article_tags_count_changes"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  link "article_tags";
  delta INTEGER;
BEGIN
  IF TG_OP = 'INSERT' THEN link := NEW; delta := 1; ELSE link := OLD; delta := -1; END IF;
  UPDATE "tags" SET "articles_count" = "articles_count" + delta
   WHERE "id" = link."tag_id"
     AND EXISTS (SELECT 1 FROM "articles"
                  WHERE "id" = link."article_id" AND "removed_at" IS NULL);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "article_tags_count" AFTER INSERT OR DELETE ON "article_tags"
  FOR EACH ROW EXECUTE FUNCTION "article_tags_count_changes"();

-- A link never moves to another article or tag (links are deleted and inserted), so the counts
-- need no UPDATE trigger; refuse one rather than count wrong.
CREATE FUNCTION "article_tags_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."article_id" <> OLD."article_id" OR NEW."tag_id" <> OLD."tag_id" THEN
    RAISE EXCEPTION 'article_tags links are replaced, not moved';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "article_tags_immutable" BEFORE UPDATE ON "article_tags"
  FOR EACH ROW EXECUTE FUNCTION "article_tags_immutable"();

-- The counts of the data already stored.
UPDATE "article_counts" c SET "published" = s.n
  FROM (SELECT "id" % 16 AS shard, count(*)::int AS n FROM "articles"
         WHERE "removed_at" IS NULL GROUP BY 1) s
 WHERE c."shard" = s.shard;
UPDATE "tags" t SET "articles_count" = s.n
  FROM (SELECT at."tag_id", count(*)::int AS n FROM "article_tags" at
          JOIN "articles" a ON a."id" = at."article_id"
         WHERE a."removed_at" IS NULL GROUP BY at."tag_id") s
 WHERE t."id" = s."tag_id";
