-- A page of an article's comments is read backwards along (article_id, created_at, id) from
-- its position, ties broken by id in the index rather than by a sort.

-- DropIndex
DROP INDEX "comments_article_id_created_at_idx";

-- CreateIndex
CREATE INDEX "comments_article_id_created_at_id_idx" ON "comments"("article_id", "created_at", "id");
