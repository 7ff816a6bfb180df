-- The MySQL/MariaDB backend's schema as one first migration, in Prisma Migrate's MySQL style: the
-- same database as prisma/migrations on PostgreSQL, kept equal to prisma/mysql/schema.prisma by
-- `make migrate-check`. Written by hand: Prisma's MySQL engine cannot run here.
--
-- Tables use utf8mb4_bin, not Prisma's utf8mb4_unicode_ci, so that unique indexes and `=`
-- respect case as PostgreSQL does (tags "Go" and "go" are two tags).

-- CreateTable
CREATE TABLE `users` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `email` VARCHAR(254) NOT NULL,
    `username` VARCHAR(191) NOT NULL,
    `username_key` VARCHAR(191) NOT NULL,
    `password_hash` VARCHAR(191) NOT NULL,
    `role` VARCHAR(191) NOT NULL DEFAULT 'user',
    `bio` TEXT NULL,
    `image` TEXT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `users_email_key`(`email`),
    UNIQUE INDEX `users_username_key_key`(`username_key`),
    PRIMARY KEY (`id`),
    -- Added by hand: Prisma cannot express CHECK constraints (and ignores them when diffing).
    CONSTRAINT `users_role_check` CHECK (`role` IN ('user', 'admin'))
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `follows` (
    `follower_id` INTEGER NOT NULL,
    `following_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    INDEX `follows_following_id_idx`(`following_id`),
    PRIMARY KEY (`follower_id`, `following_id`),
    -- Added by hand, as on PostgreSQL.
    CONSTRAINT `follows_not_self_check` CHECK (`follower_id` <> `following_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `articles` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `slug` VARCHAR(512) NOT NULL,
    `title` TEXT NOT NULL,
    `description` TEXT NOT NULL,
    `body` MEDIUMTEXT NOT NULL,
    `author_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    `removed_at` DATETIME(3) NULL,

    UNIQUE INDEX `articles_slug_key`(`slug`),
    INDEX `articles_created_at_id_idx`(`created_at` DESC, `id` DESC),
    INDEX `articles_author_id_created_at_id_idx`(`author_id`, `created_at` DESC, `id` DESC),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `tags` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(191) NOT NULL,
    `articles_count` INTEGER NOT NULL DEFAULT 0,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `tags_name_key`(`name`),
    INDEX `tags_articles_count_name_idx`(`articles_count` DESC, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `article_counts` (
    `shard` SMALLINT NOT NULL,
    `published` INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY (`shard`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `article_tags` (
    `article_id` INTEGER NOT NULL,
    `tag_id` INTEGER NOT NULL,
    `position` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    INDEX `article_tags_tag_id_idx`(`tag_id`),
    PRIMARY KEY (`article_id`, `tag_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `favorites` (
    `user_id` INTEGER NOT NULL,
    `article_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    INDEX `favorites_article_id_idx`(`article_id`),
    PRIMARY KEY (`user_id`, `article_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `comments` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `body` TEXT NOT NULL,
    `article_id` INTEGER NOT NULL,
    `author_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    `removed_at` DATETIME(3) NULL,

    INDEX `comments_article_id_created_at_id_idx`(`article_id`, `created_at`, `id`),
    INDEX `comments_author_id_idx`(`author_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `refresh_tokens` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `family_id` VARCHAR(191) NOT NULL,
    `token_hash` VARCHAR(191) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `used_at` DATETIME(3) NULL,
    `revoked_at` DATETIME(3) NULL,

    UNIQUE INDEX `refresh_tokens_token_hash_key`(`token_hash`),
    INDEX `refresh_tokens_family_id_idx`(`family_id`),
    INDEX `refresh_tokens_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `audit_events` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `action` VARCHAR(191) NOT NULL,
    `actor_id` INTEGER NULL,
    `actor_username` VARCHAR(191) NULL,
    `target` TEXT NOT NULL,
    `detail` TEXT NULL,
    `request_id` VARCHAR(191) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `audit_events_created_at_id_idx`(`created_at` DESC, `id` DESC),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `idempotency_keys` (
    `scope` VARCHAR(191) NOT NULL,
    `key` VARCHAR(255) NOT NULL,
    `fingerprint` VARCHAR(191) NOT NULL,
    `status` INTEGER NULL,
    `content_type` VARCHAR(191) NULL,
    `body` MEDIUMTEXT NULL,
    `lease_until` DATETIME(3) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `idempotency_keys_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`scope`, `key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- AddForeignKey
ALTER TABLE `follows` ADD CONSTRAINT `follows_follower_id_fkey` FOREIGN KEY (`follower_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE `follows` ADD CONSTRAINT `follows_following_id_fkey` FOREIGN KEY (`following_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE `articles` ADD CONSTRAINT `articles_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `article_tags` ADD CONSTRAINT `article_tags_article_id_fkey` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `article_tags` ADD CONSTRAINT `article_tags_tag_id_fkey` FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `favorites` ADD CONSTRAINT `favorites_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `favorites` ADD CONSTRAINT `favorites_article_id_fkey` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `comments` ADD CONSTRAINT `comments_article_id_fkey` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `comments` ADD CONSTRAINT `comments_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `refresh_tokens` ADD CONSTRAINT `refresh_tokens_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- The counts below are kept by triggers, written by hand as on PostgreSQL (Prisma ignores
-- them). Unlike PostgreSQL's, MySQL's triggers do not fire for rows that a foreign key's
-- cascade deletes: articles are only ever removed (removed_at) or deleted themselves here.
INSERT INTO `article_counts` (`shard`, `published`)
VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0),
       (8, 0), (9, 0), (10, 0), (11, 0), (12, 0), (13, 0), (14, 0), (15, 0);

CREATE PROCEDURE `count_published_article`(IN `p_article_id` INTEGER, IN `p_delta` INTEGER)
BEGIN
  UPDATE `article_counts` SET `published` = `published` + `p_delta`
   WHERE `shard` = `p_article_id` % 16;
  UPDATE `tags` SET `articles_count` = `articles_count` + `p_delta`
   WHERE `id` IN (SELECT `tag_id` FROM `article_tags` WHERE `article_id` = `p_article_id`);
END;

CREATE TRIGGER `articles_count_insert` AFTER INSERT ON `articles` FOR EACH ROW
BEGIN
  IF NEW.`removed_at` IS NULL THEN CALL `count_published_article`(NEW.`id`, 1); END IF;
END;

CREATE TRIGGER `articles_count_removal` AFTER UPDATE ON `articles` FOR EACH ROW
BEGIN
  IF OLD.`removed_at` IS NULL AND NEW.`removed_at` IS NOT NULL THEN
    CALL `count_published_article`(NEW.`id`, -1);
  ELSEIF OLD.`removed_at` IS NOT NULL AND NEW.`removed_at` IS NULL THEN
    CALL `count_published_article`(NEW.`id`, 1);
  END IF;
END;

CREATE TRIGGER `articles_count_delete` BEFORE DELETE ON `articles` FOR EACH ROW
BEGIN
  IF OLD.`removed_at` IS NULL THEN CALL `count_published_article`(OLD.`id`, -1); END IF;
END;

CREATE TRIGGER `article_tags_count_insert` AFTER INSERT ON `article_tags` FOR EACH ROW
BEGIN
  UPDATE `tags` SET `articles_count` = `articles_count` + 1
   WHERE `id` = NEW.`tag_id`
     AND EXISTS (SELECT 1 FROM `articles`
                  WHERE `id` = NEW.`article_id` AND `removed_at` IS NULL);
END;

CREATE TRIGGER `article_tags_count_delete` AFTER DELETE ON `article_tags` FOR EACH ROW
BEGIN
  UPDATE `tags` SET `articles_count` = `articles_count` - 1
   WHERE `id` = OLD.`tag_id`
     AND EXISTS (SELECT 1 FROM `articles`
                  WHERE `id` = OLD.`article_id` AND `removed_at` IS NULL);
END;

CREATE TRIGGER `article_tags_immutable` BEFORE UPDATE ON `article_tags` FOR EACH ROW
BEGIN
  IF NEW.`article_id` <> OLD.`article_id` OR NEW.`tag_id` <> OLD.`tag_id` THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'article_tags links are replaced, not moved';
  END IF;
END;
