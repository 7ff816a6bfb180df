// Sample data for the seed: word lists and a deterministic plan of users, follows, articles,
// favorites and comments. Pure: nothing here touches the database. The word lists and the
// per-item generators are exported for bulk-plan.ts, which plans data sets too big for planSeed.
import { slugify } from '../../src/conduit/services/slugs.js';
import { Random } from './random.js';

export interface SeedSizes {
  users: number;
  articles: number;
  /** Mean tags per article (each article gets 0 to 20, around this). */
  tagsPerArticle: number;
  /** Mean favorites per article; a few popular articles get many more. */
  favoritesPerArticle: number;
  /** Mean comments per article; a few popular articles get many more. */
  commentsPerArticle: number;
  /** Mean users each user follows. */
  followsPerUser: number;
}

export const DEFAULT_SIZES: SeedSizes = {
  users: 25,
  articles: 120,
  tagsPerArticle: 3,
  favoritesPerArticle: 3,
  commentsPerArticle: 2,
  followsPerUser: 5,
};

/** Every seeded account has this password. */
export const SEED_PASSWORD = 'conduit-seed-password';
export const DEFAULT_RANDOM_SEED = 20261121;

/** The first user follows at least this many authors, so their feed is never empty. */
const FEED_USER_MIN_FOLLOWS = 5;
export const MAX_TAGS = 20;

export interface PlannedUser {
  username: string;
  email: string;
  bio: string | null;
  image: string | null;
}

export interface PlannedArticle {
  /** Index in `users`. */
  author: number;
  /** What it is about, for comments that mention it. */
  subject: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

export interface PlannedComment {
  /** Index in `articles`. */
  article: number;
  /** Index in `users`. */
  author: number;
  body: string;
}

export interface SeedPlan {
  users: PlannedUser[];
  /** [follower, followed] user indexes, each pair once. */
  follows: [number, number][];
  articles: PlannedArticle[];
  /** [user, article] indexes, each pair once. */
  favorites: [number, number][];
  comments: PlannedComment[];
}

// --- Word lists ------------------------------------------------------------------------------

const FIRST_NAMES = (
  'Ada Grace Linus Margaret Alan Barbara Dennis Frances Ken Radia Guido Hedy Tim Katherine ' +
  'Bjarne Sophie Yukihiro Annie James Joan Anders Evelyn Rasmus Carol Brendan Jean Zoë ' +
  'Mateo Chiara Kwame Priya Hiroshi Amara Björn Leila José Nadia Tomás Ingrid Wei'
).split(' ');

const LAST_NAMES = (
  'Lovelace Hopper Torvalds Hamilton Turing Liskov Ritchie Allen Thompson Perlman Rossum ' +
  'Lamarr Berners-Lee Johnson Stroustrup Wilson Matsumoto Easley Gosling Clarke Hejlsberg ' +
  'Boyd Lerdorf Shaw Eich Sammet Müller García Rossi Mensah Sharma Tanaka Okafor Lindqvist ' +
  'Haddad Silva Petrova Novák Andersen Zhang'
).split(' ');

const BIOS = [
  'Backend developer. Coffee, Postgres and long walks.',
  'Frontend engineer at a small agency. I care about accessible interfaces.',
  'Writing about {tag} and whatever breaks in production this week.',
  'Staff engineer. Previously: payments, search, and too many on-call rotations.',
  'Self-taught developer, former chemistry teacher.',
  'I build developer tools and occasionally finish side projects.',
  'Open source maintainer. Opinions are my own, bugs are everyone’s.',
  'Data engineer who still likes SQL best.',
  'Mostly {tag}, sometimes woodworking.',
  'Engineering manager learning to code again.',
  'Platform team lead. Kubernetes by day, sourdough by night.',
  'Bootcamp graduate, now shipping {tag} at a fintech startup.',
  'Security researcher. Please rotate your keys.',
  'Mobile developer exploring the web platform.',
  'I write the docs nobody reads, then the blog posts everybody does.',
];

export interface Topic {
  subject: string;
  /** Tags an author writing on the subject reaches for, most specific first. */
  tags: string[];
}

export const TOPICS: Topic[] = [
  { subject: 'TypeScript generics', tags: ['typescript', 'javascript'] },
  { subject: 'React hooks', tags: ['react', 'javascript', 'frontend'] },
  { subject: 'Node.js streams', tags: ['node', 'javascript', 'backend'] },
  { subject: 'PostgreSQL indexes', tags: ['postgres', 'databases', 'performance'] },
  { subject: 'REST API design', tags: ['api', 'rest', 'backend'] },
  { subject: 'Docker images', tags: ['docker', 'devops', 'containers'] },
  { subject: 'unit testing', tags: ['testing', 'tdd'] },
  { subject: 'CSS grid', tags: ['css', 'frontend', 'design'] },
  { subject: 'Python type hints', tags: ['python', 'typing'] },
  { subject: 'code review', tags: ['career', 'teamwork', 'productivity'] },
  { subject: 'Kubernetes deployments', tags: ['kubernetes', 'devops', 'containers'] },
  { subject: 'Go concurrency', tags: ['go', 'concurrency', 'backend'] },
  { subject: 'Rust lifetimes', tags: ['rust', 'systems'] },
  { subject: 'JSON Web Tokens', tags: ['security', 'auth', 'jwt'] },
  { subject: 'OAuth 2.0', tags: ['security', 'auth', 'web'] },
  { subject: 'GraphQL schemas', tags: ['graphql', 'api', 'backend'] },
  { subject: 'OpenAPI specifications', tags: ['openapi', 'api', 'documentation'] },
  { subject: 'end-to-end testing', tags: ['testing', 'playwright', 'frontend'] },
  { subject: 'technical interviews', tags: ['career', 'interviews'] },
  { subject: 'Git rebase', tags: ['git', 'productivity'] },
  { subject: 'CI pipelines', tags: ['ci', 'devops', 'automation'] },
  { subject: 'observability', tags: ['observability', 'monitoring', 'devops'] },
  { subject: 'database migrations', tags: ['databases', 'postgres', 'devops'] },
  { subject: 'caching with Redis', tags: ['redis', 'performance', 'backend'] },
  { subject: 'WebAssembly', tags: ['webassembly', 'performance', 'web'] },
  { subject: 'web performance budgets', tags: ['performance', 'web', 'frontend'] },
  { subject: 'design systems', tags: ['design', 'ux', 'frontend'] },
  { subject: 'accessible forms', tags: ['accessibility', 'html', 'frontend'] },
  { subject: 'remote work', tags: ['remote', 'productivity', 'career'] },
  { subject: 'SQL window functions', tags: ['sql', 'databases', 'postgres'] },
  { subject: 'event sourcing', tags: ['architecture', 'ddd', 'backend'] },
  { subject: 'microservices', tags: ['architecture', 'microservices', 'backend'] },
  { subject: 'machine learning pipelines', tags: ['machinelearning', 'python', 'data'] },
  { subject: 'the Vue composition API', tags: ['vue', 'javascript', 'frontend'] },
  { subject: 'Svelte stores', tags: ['svelte', 'javascript', 'frontend'] },
  { subject: 'shell scripting', tags: ['linux', 'bash', 'productivity'] },
  { subject: 'memory leaks', tags: ['debugging', 'performance', 'node'] },
  { subject: 'open source maintenance', tags: ['opensource', 'community'] },
  { subject: 'feature flags', tags: ['devops', 'testing', 'architecture'] },
  { subject: 'burnout', tags: ['career', 'wellbeing'] },
];

/** Tags added to any subject, most used first. */
const GENERAL_TAGS = (
  'programming webdev beginners tutorial discuss opinion bestpractices todayilearned ' +
  'showdev productivity learning softwareengineering'
).split(' ');

export const TITLES = [
  'A practical guide to {s}',
  'What I wish I knew about {s}',
  '{S} in ten minutes',
  'Why we stopped worrying about {s}',
  '{S}: the good, the bad and the ugly',
  'Understanding {s} from first principles',
  '{n} mistakes I made with {s}',
  'How we use {s} in production',
  'Demystifying {s}',
  '{S}: not as hard as you think',
  'Lessons from a year of {s}',
  'Stop overcomplicating {s}',
  'Getting started with {s}',
  'The hidden cost of {s}',
  'Rethinking {s}',
  '{S} patterns that actually scale',
  'Debugging {s}: a war story',
  '{S} in {year}: still worth it?',
  '{n} tips for {s}',
  'Everything you need to know about {s}',
];

export const DESCRIPTIONS = [
  'Notes from {n} months of working with {s} on a small team.',
  'Everything I learned about {s}, with examples you can copy.',
  'A short tour of {s}, and the pitfalls nobody mentions.',
  'Our team’s playbook for {s}.',
  'What changed when we took {s} seriously.',
  'A beginner-friendly walkthrough of {s}.',
  'Some opinions on {s} that I held loosely, then firmly.',
  'The checklist we now use before touching {s}.',
  'How {s} went from our biggest headache to a non-event.',
  'A deep dive into {s}, with benchmarks.',
];

const HEADINGS = [
  'Background',
  'The problem',
  'What we tried first',
  'What actually worked',
  'Pitfalls',
  'Measuring the impact',
  'Trade-offs',
  'A minimal example',
  'What I would do differently',
  'Further reading',
];

const SENTENCES = [
  'When we first adopted {s}, nobody on the team had used it in anger.',
  'The documentation covers the happy path well, but production is rarely the happy path.',
  'It took us three attempts to get this right.',
  'Measure before you optimize; our intuition was wrong more often than not.',
  'Most of the complexity came from the edges, not from the core idea.',
  'Here is the smallest example that still shows the problem.',
  'If you remember one thing from this post, make it this: keep it boring.',
  'We wrote a checklist and added it to our pull request template.',
  'The trade-off is worth it for us, but it may not be for you.',
  'Small, reversible steps beat big rewrites every time.',
  'Working with {s} rewards people who read the error messages carefully.',
  'A colleague pointed out that we had been solving the wrong problem.',
  'The first version was twice as slow, and that was fine for a while.',
  'We only noticed once traffic doubled on a Monday morning.',
  'None of this is new, but it is easy to forget under a deadline.',
  'The fix was four lines; finding it took two days.',
  'Our tests passed, which turned out to be part of the problem.',
  'Naming things well made the rest of the change almost mechanical.',
  'I still reach for {s} first, but with a lot more care.',
  'Write down the assumptions, because they will change.',
  'Reading the source was faster than searching for answers.',
  'The best documentation we have is a test that fails with a clear message.',
  'We kept the old path behind a flag until the numbers convinced everyone.',
  'It is tempting to abstract early; resist it until the third copy.',
];

const CODE_SAMPLES = [
  '```ts\nconst result = await fetch(url, { signal: AbortSignal.timeout(5_000) });\nif (!result.ok) throw new Error(`HTTP ${result.status}`);\n```',
  '```sql\nCREATE INDEX CONCURRENTLY articles_created_at_idx\n  ON articles (created_at DESC, id DESC);\n```',
  '```sh\ngit rebase --interactive --autosquash main\n```',
  '```python\ndef chunks(items: list[int], size: int) -> list[list[int]]:\n    return [items[i : i + size] for i in range(0, len(items), size)]\n```',
  '```yaml\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n```',
  '```go\nfor _, job := range jobs {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); run(job) }()\n}\nwg.Wait()\n```',
];

export const COMMENTS = [
  'Great write-up, thanks for sharing!',
  'We hit exactly the same issue with {s} last month.',
  'Bookmarked. The section on pitfalls alone was worth it.',
  'I disagree a little: in my experience the trade-off goes the other way for small teams.',
  'Could you share the configuration you ended up with?',
  'This is the clearest explanation of {s} I have read.',
  'Small typo in the code sample: a closing bracket is missing.',
  'Thanks! Going to try this on Monday.',
  'How did this hold up under real load?',
  'Nice one 👏',
  'Saved me a few hours today, much appreciated.',
  'Any plans for a follow-up post on testing this?',
  'We went the other way and have not regretted it, but good to see the reasoning.',
  'The bit about measuring first cannot be repeated often enough.',
  'Shared this with my team, it started a good discussion.',
  'Did you consider a simpler approach before reaching for {s}?',
  'Love the war story format.',
  'This matches what we saw in production, almost to the number.',
];

// --- Generators ------------------------------------------------------------------------------

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Letters without accents, for the parts of email addresses. */
const ascii = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

export function fill(template: string, random: Random, subject: string): string {
  return template
    .replaceAll('{s}', subject)
    .replaceAll('{S}', capitalize(subject))
    .replaceAll('{n}', String(random.int(3, 12)))
    .replaceAll('{year}', String(random.int(2024, 2027)))
    .replaceAll('{tag}', random.pick(TOPICS).tags[0] ?? 'code');
}

export function planUsers(random: Random, count: number): PlannedUser[] {
  const usernames = new Set<string>();
  const emails = new Set<string>();
  const users: PlannedUser[] = [];
  for (let index = 0; index < count; index += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const styles = [
      `${first}${last}`.replace(/-/g, '').toLowerCase(),
      `${first}_${last}`.toLowerCase(),
      `${first}${random.int(1, 99)}`.toLowerCase(),
      `${first.charAt(0)}${last}`.toLowerCase().replace(/-/g, ''),
      `${first}${last.charAt(0)}`,
      `${first}.${last}`.replace(/-/g, '').toLowerCase(),
    ];
    const base = random.pick(styles);
    let username = base;
    for (let n = 2; usernames.has(username.toLowerCase()); n += 1) username = `${base}${n}`;
    usernames.add(username.toLowerCase());

    let email = `${ascii(first)}.${ascii(last)}@example.com`;
    for (let n = 2; emails.has(email); n += 1) {
      email = `${ascii(first)}.${ascii(last)}${n}@example.com`;
    }
    emails.add(email);

    users.push({
      username,
      email,
      bio: random.chance(0.65) ? fill(random.pick(BIOS), random, '') : null,
      image: random.chance(0.5)
        ? `https://api.dicebear.com/9.x/personas/svg?seed=${encodeURIComponent(username)}`
        : null,
    });
  }
  return users;
}

export function planTags(random: Random, topic: Topic, count: number): string[] {
  const related = TOPICS.filter((other) => other !== topic && other.tags[0] !== undefined)
    .filter(() => random.chance(0.1))
    .map((other) => other.tags[0] as string);
  // Most authors lead with the subject's own tags; some order them differently.
  const own = random.chance(0.7) ? topic.tags : random.shuffle(topic.tags);
  const general = random.shuffle(GENERAL_TAGS.slice(0, random.int(3, GENERAL_TAGS.length)));
  const pool = [...new Set([...own, ...general, ...related])];
  const tags = pool.slice(0, Math.min(count, own.length + 1));
  const rest = random.shuffle(pool.slice(tags.length));
  return [...tags, ...rest].slice(0, count);
}

export function planBody(random: Random, subject: string): string {
  const paragraph = () =>
    random
      .shuffle(SENTENCES)
      .slice(0, random.int(2, 5))
      .map((sentence) => fill(sentence, random, subject))
      .join(' ');
  const parts = [paragraph()];
  const headings = random.shuffle(HEADINGS).slice(0, random.int(1, 4));
  for (const heading of headings) {
    parts.push(`## ${heading}`);
    for (let p = random.int(1, 3); p > 0; p -= 1) parts.push(paragraph());
    if (random.chance(0.25)) parts.push(random.pick(CODE_SAMPLES));
  }
  return parts.join('\n\n');
}

function planArticles(random: Random, sizes: SeedSizes, authorWeights: number[]) {
  const topicWeights = TOPICS.map((_, rank) => 1 / (rank + 1) ** 0.7);
  const slugs = new Set<string>();
  const articles: PlannedArticle[] = [];
  for (let index = 0; index < sizes.articles; index += 1) {
    const topic = TOPICS[random.weightedIndex(topicWeights)] as Topic;
    const base = fill(random.pick(TITLES), random, topic.subject);
    // Unique slugs by construction, so the service never needs a random suffix.
    let title = base;
    for (let part = 2; slugs.has(slugify(title)); part += 1) title = `${base}, part ${part}`;
    slugs.add(slugify(title));
    const tagCount = Math.min(MAX_TAGS, random.poisson(sizes.tagsPerArticle));
    articles.push({
      author: random.weightedIndex(authorWeights),
      subject: topic.subject,
      title,
      description: fill(random.pick(DESCRIPTIONS), random, topic.subject),
      body: planBody(random, topic.subject),
      tagList: planTags(random, topic, tagCount),
    });
  }
  return articles;
}

function planFollows(random: Random, sizes: SeedSizes, articles: PlannedArticle[]) {
  const written = new Array<number>(sizes.users).fill(0);
  for (const article of articles) written[article.author] = (written[article.author] ?? 0) + 1;
  const follows: [number, number][] = [];
  for (let follower = 0; follower < sizes.users; follower += 1) {
    const count = random.poisson(sizes.followsPerUser);
    const chosen =
      follower === 0
        ? // The feed user follows authors only, so their feed has articles to show.
          random.weightedSample(
            written.map((n, user) => (user === follower ? 0 : n)),
            Math.max(count, FEED_USER_MIN_FOLLOWS),
          )
        : // Prolific authors attract followers; people who never wrote get a few too.
          random.weightedSample(
            written.map((n, user) => (user === follower ? 0 : n + 0.5)),
            count,
          );
    for (const followed of chosen) follows.push([follower, followed]);
  }
  return follows;
}

function planReactions(random: Random, sizes: SeedSizes, articles: PlannedArticle[]) {
  const favorites: [number, number][] = [];
  const comments: PlannedComment[] = [];
  // Some readers favorite and comment far more than others.
  const activity = Array.from({ length: sizes.users }, () => random.popularity() + 0.2);
  articles.forEach((article, index) => {
    const popularity = random.popularity();
    const fans = activity.map((weight, user) => (user === article.author ? 0 : weight));
    const favoriteCount = random.poisson(sizes.favoritesPerArticle * popularity);
    for (const user of random.weightedSample(fans, favoriteCount)) favorites.push([user, index]);
    for (let c = random.poisson(sizes.commentsPerArticle * popularity); c > 0; c -= 1) {
      comments.push({
        article: index,
        author: random.weightedIndex(activity),
        body: fill(random.pick(COMMENTS), random, article.subject),
      });
    }
  });
  return { favorites, comments };
}

/** The whole data set for these sizes; the same sizes and seed give the same plan. */
export function planSeed(sizes: SeedSizes, randomSeed = DEFAULT_RANDOM_SEED): SeedPlan {
  if (!Number.isInteger(sizes.users) || sizes.users < 1) throw new Error('users must be >= 1');
  if (!Number.isInteger(sizes.articles) || sizes.articles < 0) {
    throw new Error('articles must be >= 0');
  }
  const random = new Random(randomSeed);
  const users = planUsers(random, sizes.users);
  // A long tail of authors: a few write a lot, some never write.
  const authorWeights = users.map(() => (random.chance(0.15) ? 0 : random.popularity()));
  if (!authorWeights.some((weight) => weight > 0)) authorWeights[0] = 1;
  const articles = planArticles(random, sizes, authorWeights);
  const follows = planFollows(random, sizes, articles);
  const { favorites, comments } = planReactions(random, sizes, articles);
  return { users, follows, articles, favorites, comments };
}
