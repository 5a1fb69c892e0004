package dev.testbed.generate;

import dev.testbed.core.RawTable;
import dev.testbed.core.Sql;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The SQL that DuckDB runs to generate the retail data set.
 *
 * <p>Every random choice is {@code hash(seed, stream, key)} turned into a uniform number, so a value
 * depends only on the seed, the purpose ("stream") and the row's key: never on thread scheduling or
 * on the order in which DuckDB happens to evaluate rows. That is what makes the output identical for
 * any thread count while DuckDB writes the Parquet files in parallel.
 *
 * <p>Referential consistency is built in rather than filtered afterwards: customer and store ids are
 * numbered in order of signup and opening date, so "customers who had signed up by day d" are exactly
 * ids {@code 1..ncust(d)}, and a sale picks a (skewed) id within that prefix.
 */
final class RetailSql {

    /** Slots of the sales calendar: a day gets a share of slots proportional to its weight. */
    static final long CALENDAR_SLOTS = 1L << 20;

    static final List<String> TIERS = List.of("bronze", "silver", "gold", "platinum");
    static final List<String> STORE_TYPES = List.of("flagship", "standard", "outlet", "express");
    static final List<String> CATEGORIES = List.of("Electronics", "Clothing", "Home", "Grocery", "Sports", "Books", "Toys", "Beauty");

    private static final List<String> FIRST_NAMES = List.of("Ava", "Liam", "Olivia", "Noah", "Emma", "Oliver", "Sophia",
            "Elijah", "Isabella", "James", "Mia", "William", "Amelia", "Benjamin", "Harper", "Lucas", "Evelyn", "Henry",
            "Abigail", "Theodore", "Emily", "Jack", "Ella", "Levi", "Elizabeth", "Alexander", "Camila", "Jackson", "Luna",
            "Mateo", "Sofia", "Daniel", "Avery", "Michael", "Mila", "Mason", "Aria", "Sebastian", "Scarlett", "Ethan",
            "Penelope", "Logan", "Layla", "Owen", "Chloe", "Samuel", "Victoria", "Jacob", "Madison", "Asher", "Priya",
            "Wei", "Fatima", "Diego", "Yuki", "Aisha", "Ivan", "Chen", "Amara", "Lars");
    private static final List<String> LAST_NAMES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
            "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
            "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
            "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
            "Roberts", "Patel", "Kim", "Singh", "Okafor", "Novak", "Schmidt", "Rossi", "Tanaka", "Silva", "Larsen");
    private static final List<String> EMAIL_DOMAINS = List.of("example.com", "mail.test", "inbox.test", "post.example",
            "webmail.test", "example.org");
    private static final List<String> CITIES = List.of("New York, NY", "Los Angeles, CA", "Chicago, IL", "Houston, TX",
            "Phoenix, AZ", "Philadelphia, PA", "San Antonio, TX", "San Diego, CA", "Dallas, TX", "Austin, TX",
            "Jacksonville, FL", "Columbus, OH", "Charlotte, NC", "Indianapolis, IN", "San Francisco, CA", "Seattle, WA",
            "Denver, CO", "Nashville, TN", "Boston, MA", "Portland, OR", "Las Vegas, NV", "Detroit, MI", "Atlanta, GA",
            "Miami, FL", "Minneapolis, MN", "Raleigh, NC", "Salt Lake City, UT", "Kansas City, MO", "Pittsburgh, PA",
            "Madison, WI");
    private static final List<String> STORE_NAMES = List.of("Northgate", "Riverside", "Lakeside", "Downtown", "Westfield",
            "Eastside", "Hillcrest", "Parkview", "Harbor", "Midtown", "Old Town", "Southpoint", "Brookside", "Maple Grove",
            "Cedar Park", "Union Square");
    private static final List<String> ADJECTIVES = List.of("Classic", "Deluxe", "Essential", "Premium", "Compact",
            "Eco", "Pro", "Ultra", "Smart", "Vintage", "Everyday", "Signature", "Sport", "Travel", "Organic", "Modern");
    /** Nouns per category, in the order of {@link #CATEGORIES}. */
    private static final List<List<String>> NOUNS = List.of(
            List.of("Headphones", "Speaker", "Tablet", "Laptop", "Camera", "Smartwatch", "Charger", "Monitor", "Keyboard", "Router"),
            List.of("T-Shirt", "Jeans", "Jacket", "Sweater", "Dress", "Sneakers", "Scarf", "Hoodie", "Socks", "Cap"),
            List.of("Blender", "Lamp", "Cookware Set", "Towel Set", "Pillow", "Vacuum", "Kettle", "Rug", "Toaster", "Chair"),
            List.of("Coffee", "Olive Oil", "Pasta", "Tea", "Granola", "Chocolate", "Honey", "Rice", "Snack Box", "Juice"),
            List.of("Yoga Mat", "Dumbbells", "Tennis Racket", "Bicycle Helmet", "Running Shoes", "Water Bottle", "Tent", "Backpack", "Football", "Jump Rope"),
            List.of("Novel", "Cookbook", "Atlas", "Biography", "Notebook", "Comic", "Guidebook", "Poetry Collection", "Textbook", "Journal"),
            List.of("Puzzle", "Building Blocks", "Doll", "Board Game", "Plush Bear", "Toy Car", "Kite", "Train Set", "Art Kit", "Drone"),
            List.of("Shampoo", "Face Cream", "Perfume", "Lipstick", "Sunscreen", "Soap", "Hair Dryer", "Nail Kit", "Lotion", "Razor"));
    /** Share of products per category (sums to 1), and each category's base-price range in dollars. */
    private static final double[] CATEGORY_SHARE = {0.12, 0.20, 0.15, 0.20, 0.10, 0.08, 0.08, 0.07};
    private static final int[] PRICE_LOW = {20, 8, 10, 1, 10, 5, 5, 4};
    private static final int[] PRICE_HIGH = {1500, 200, 600, 40, 400, 60, 150, 120};

    private final GeneratorConfig config;

    RetailSql(GeneratorConfig config) {
        this.config = config;
    }

    /** Helper macros; temporary, so they vanish with the connection. */
    List<String> macros() {
        return List.of(
                // 53 random bits -> a double in [0, 1), exactly representable
                "CREATE OR REPLACE TEMP MACRO tb_u(stream, k) AS "
                        + "CAST(hash(CAST(" + config.seed() + " AS BIGINT), CAST(stream AS INTEGER), CAST(k AS BIGINT)) >> 11 AS DOUBLE) / 9007199254740992.0",
                "CREATE OR REPLACE TEMP MACRO tb_pick(choices, stream, k) AS "
                        + "choices[1 + CAST(floor(tb_u(stream, k) * len(choices)) AS BIGINT)]",
                // start of SCD2 version j of a key whose history spans `span` days from `first`:
                // evenly spaced with a jitter of less than half a gap, so versions never touch or overlap
                "CREATE OR REPLACE TEMP MACRO tb_version_start(stream, k, first, span, versions, j) AS "
                        + "CASE WHEN j = 0 THEN first ELSE first + CAST(floor(span * j / versions) "
                        + "+ floor(tb_u(stream, k * 8 + j) * span / (2 * versions)) AS INTEGER) END",
                "CREATE OR REPLACE TEMP MACRO tb_tier_step(t, u) AS "
                        + "CASE WHEN t = 3 THEN 2 WHEN t = 0 THEN 1 WHEN u < 0.75 THEN t + 1 ELSE t - 1 END",
                "CREATE OR REPLACE TEMP MACRO tb_category(p) AS " + categoryCase("tb_u(501, p)"),
                "CREATE OR REPLACE TEMP MACRO tb_base_cents(p) AS CAST(round(exp(ln(" + doubleList(PRICE_LOW)
                        + "[tb_category(p) + 1]) + tb_u(502, p) * (ln(" + doubleList(PRICE_HIGH) + "[tb_category(p) + 1]) - ln("
                        + doubleList(PRICE_LOW) + "[tb_category(p) + 1]))) * 100) AS BIGINT)");
    }

    /** Customer keys and signup dates, ascending together; signups accelerate over time. */
    String customerKeys() {
        LocalDate signupStart = config.startDate().minusDays(730);
        long span = daysBetween(signupStart, config.endDate().minusDays(30));
        return "CREATE OR REPLACE TEMP TABLE customer_keys AS SELECT k + 1 AS customer_id, "
                + date(signupStart) + " + CAST(floor(" + span + " * pow(k / " + config.customers() + ".0, 0.7)) AS INTEGER) AS signup_date "
                + "FROM range(" + config.customers() + ") t(k)";
    }

    /** Store keys and opening dates, ascending together; most stores predate the sales window. */
    String storeKeys() {
        LocalDate openStart = config.startDate().minusYears(5);
        long span = daysBetween(openStart, config.endDate().minusDays(60));
        return "CREATE OR REPLACE TEMP TABLE store_keys AS SELECT k + 1 AS store_id, "
                + date(openStart) + " + CAST(floor(" + span + " * pow(k / " + config.stores() + ".0, 1.6)) AS INTEGER) AS opened_date "
                + "FROM range(" + config.stores() + ") t(k)";
    }

    /**
     * Days of the sales window with their weight (weekday, December peak, summer bump, growth, noise),
     * the first calendar slot they own, and how many customers and stores exist on that day.
     */
    String salesDays() {
        return "CREATE OR REPLACE TEMP TABLE sales_days AS "
                + "WITH days AS (SELECT " + date(config.startDate()) + " + CAST(i AS INTEGER) AS day, i FROM range(" + config.windowDays() + ") t(i)), "
                + "weighted AS (SELECT day, "
                + "(CASE dayofweek(day) WHEN 6 THEN 1.45 WHEN 0 THEN 1.25 WHEN 5 THEN 1.15 ELSE 0.9 END) "
                + "* (1 + 0.8 * exp(-pow((dayofyear(day) - 350) / 12.0, 2)) + 0.15 * exp(-pow((dayofyear(day) - 200) / 30.0, 2))) "
                + "* (1 + 0.3 * i / " + config.windowDays() + ") * (0.9 + 0.2 * tb_u(301, i)) AS w FROM days), "
                + "cumulative AS (SELECT day, coalesce(sum(w) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) "
                + "/ sum(w) OVER () AS before FROM weighted), "
                + "signups AS (SELECT signup_date, max(customer_id) AS ncust FROM customer_keys GROUP BY signup_date), "
                + "openings AS (SELECT opened_date, max(store_id) AS nstore FROM store_keys GROUP BY opened_date) "
                + "SELECT c.day, CAST(floor(c.before * " + CALENDAR_SLOTS + ") AS BIGINT) AS first_slot, s.ncust, o.nstore "
                + "FROM cumulative c ASOF JOIN signups s ON c.day >= s.signup_date ASOF JOIN openings o ON c.day >= o.opened_date";
    }

    /** Every calendar slot mapped to its day; the ASOF join leaves no slot without a day. */
    String salesSlots() {
        return "CREATE OR REPLACE TEMP TABLE sales_slots AS SELECT s.slot, d.day, d.ncust, d.nstore "
                + "FROM range(" + CALENDAR_SLOTS + ") s(slot) ASOF JOIN sales_days d ON s.slot >= d.first_slot";
    }

    String customers() {
        String tiers = "[tier0, tier1, tier2, tier3][version + 1]";
        String emailRevision = "[0, erev1, erev2, erev3][version + 1]";
        return "SELECT customer_id, first_name || ' ' || last_name AS customer_name, "
                + "lower(first_name || '.' || last_name) || '.' || customer_id || CASE WHEN erev = 0 THEN '' ELSE '.' || erev END "
                + "|| '@' || tb_pick(" + stringList(EMAIL_DOMAINS) + ", 120 + erev, customer_id) AS email, "
                + "signup_date, " + stringList(TIERS) + "[tier + 1] AS tier, "
                + "tb_version_start(130, customer_id, signup_date, span, versions, version) AS valid_from, "
                + "CASE WHEN version = versions - 1 THEN NULL ELSE tb_version_start(130, customer_id, signup_date, span, versions, version + 1) END AS valid_to, "
                + "version = versions - 1 AS is_current "
                + "FROM (SELECT *, " + tiers + " AS tier, " + emailRevision + " AS erev FROM ("
                + "SELECT *, unnest(range(versions)) AS version FROM ("
                + "SELECT customer_id, signup_date, "
                + "tb_pick(" + stringList(FIRST_NAMES) + ", 101, customer_id) AS first_name, "
                + "tb_pick(" + stringList(LAST_NAMES) + ", 102, customer_id) AS last_name, "
                + "1 + CAST(tb_u(103, customer_id) < 0.35 AS INTEGER) + CAST(tb_u(104, customer_id) < 0.12 AS INTEGER) "
                + "+ CAST(tb_u(105, customer_id) < 0.04 AS INTEGER) AS versions, "
                + date(config.endDate()) + " - signup_date AS span, "
                + "CASE WHEN tb_u(106, customer_id) < 0.55 THEN 0 WHEN tb_u(106, customer_id) < 0.85 THEN 1 "
                + "WHEN tb_u(106, customer_id) < 0.97 THEN 2 ELSE 3 END AS tier0, "
                // each later version changes the tier (70%) or the email address (30%)
                + "tb_u(111, customer_id) < 0.7 AS tier_change1, tb_u(112, customer_id) < 0.7 AS tier_change2, tb_u(113, customer_id) < 0.7 AS tier_change3, "
                + "CASE WHEN tier_change1 THEN tb_tier_step(tier0, tb_u(114, customer_id)) ELSE tier0 END AS tier1, "
                + "CASE WHEN tier_change2 THEN tb_tier_step(tier1, tb_u(115, customer_id)) ELSE tier1 END AS tier2, "
                + "CASE WHEN tier_change3 THEN tb_tier_step(tier2, tb_u(116, customer_id)) ELSE tier2 END AS tier3, "
                + "CAST(NOT tier_change1 AS INTEGER) AS erev1, erev1 + CAST(NOT tier_change2 AS INTEGER) AS erev2, "
                + "erev2 + CAST(NOT tier_change3 AS INTEGER) AS erev3 "
                + "FROM customer_keys))) ORDER BY customer_id, valid_from";
    }

    String stores() {
        int cities = CITIES.size();
        int types = STORE_TYPES.size();
        return "SELECT store_id, tb_pick(" + stringList(STORE_NAMES) + ", 201, store_id) || ' #' || store_id AS store_name, "
                + stringList(CITIES) + "[[loc0, loc1, loc2][version + 1] + 1] AS location, "
                + stringList(STORE_TYPES) + "[[type0, type1, type2][version + 1] + 1] AS store_type, "
                + "opened_date, "
                + "tb_version_start(230, store_id, opened_date, span, versions, version) AS valid_from, "
                + "CASE WHEN version = versions - 1 THEN NULL ELSE tb_version_start(230, store_id, opened_date, span, versions, version + 1) END AS valid_to, "
                + "version = versions - 1 AS is_current "
                + "FROM (SELECT *, unnest(range(versions)) AS version FROM ("
                + "SELECT store_id, opened_date, " + date(config.endDate()) + " - opened_date AS span, "
                + "1 + CAST(tb_u(203, store_id) < 0.3 AS INTEGER) + CAST(tb_u(204, store_id) < 0.1 AS INTEGER) AS versions, "
                + "CAST(floor(tb_u(205, store_id) * " + cities + ") AS INTEGER) AS loc0, "
                + "CASE WHEN tb_u(206, store_id) < 0.1 THEN 0 WHEN tb_u(206, store_id) < 0.65 THEN 1 WHEN tb_u(206, store_id) < 0.85 THEN 2 ELSE 3 END AS type0, "
                // each later version is a relocation (50%) or a change of store type (50%), always to a different value
                + "tb_u(211, store_id) < 0.5 AS moved1, tb_u(212, store_id) < 0.5 AS moved2, "
                + "CASE WHEN moved1 THEN (loc0 + 1 + CAST(floor(tb_u(213, store_id) * " + (cities - 1) + ") AS INTEGER)) % " + cities + " ELSE loc0 END AS loc1, "
                + "CASE WHEN moved2 THEN (loc1 + 1 + CAST(floor(tb_u(214, store_id) * " + (cities - 1) + ") AS INTEGER)) % " + cities + " ELSE loc1 END AS loc2, "
                + "CASE WHEN moved1 THEN type0 ELSE (type0 + 1 + CAST(floor(tb_u(215, store_id) * " + (types - 1) + ") AS INTEGER)) % " + types + " END AS type1, "
                + "CASE WHEN moved2 THEN type1 ELSE (type1 + 1 + CAST(floor(tb_u(216, store_id) * " + (types - 1) + ") AS INTEGER)) % " + types + " END AS type2 "
                + "FROM store_keys)) ORDER BY store_id, valid_from";
    }

    String products() {
        return "SELECT product_id, tb_pick(" + stringList(ADJECTIVES) + ", 503, product_id) || ' ' "
                + "|| tb_pick(" + nestedStringList(NOUNS) + "[tb_category(product_id) + 1], 504, product_id) "
                + "|| ' ' || CAST(100 + floor(tb_u(505, product_id) * 900) AS INTEGER) AS product_name, "
                + stringList(CATEGORIES) + "[tb_category(product_id) + 1] AS category, "
                + "CAST(tb_base_cents(product_id) / 100 AS DECIMAL(10,2)) AS base_price "
                + "FROM (SELECT k + 1 AS product_id FROM range(" + config.products() + ") t(k)) ORDER BY product_id";
    }

    /**
     * Sales in transaction order, which is date order: row i falls in calendar slot
     * {@code i * SLOTS / sales}. Customers, stores and products are skewed towards low ids (loyal early
     * customers, established stores, best sellers); the unit price is the base price less a whole
     * percentage of at most 10%, rounded up to the cent, so it never drops below 90% of the base.
     */
    String sales() {
        long n = config.sales();
        return "SELECT r.i + 1 AS transaction_id, "
                + "1 + CAST(floor(s.ncust * pow(tb_u(401, r.i), 2.5)) AS BIGINT) AS customer_id, "
                + "1 + CAST(floor(s.nstore * pow(tb_u(402, r.i), 1.5)) AS BIGINT) AS store_id, "
                + "r.product_id, s.day AS sale_date, r.quantity, "
                + "CAST((tb_base_cents(r.product_id) * (100 - r.discount) + 99) // 100 / 100 AS DECIMAL(10,2)) AS unit_price, "
                + "CAST(unit_price * r.quantity AS DECIMAL(12,2)) AS amount "
                + "FROM (SELECT i, 1 + CAST(floor(" + config.products() + " * pow(tb_u(403, i), 2.2)) AS BIGINT) AS product_id, "
                + "tb_u(404, i) AS uq, CASE WHEN uq < 0.6 THEN 1 WHEN uq < 0.82 THEN 2 WHEN uq < 0.92 THEN 3 WHEN uq < 0.97 THEN 4 "
                + "ELSE 5 + CAST(floor((uq - 0.97) / 0.03 * 6) AS INTEGER) END AS quantity, "
                + "tb_u(405, i) AS ud, CASE WHEN ud < 0.5 THEN 0 ELSE least(10, CAST(floor((ud - 0.5) * 22) AS INTEGER)) END AS discount "
                + "FROM range(" + n + ") t(i)) r "
                + "JOIN sales_slots s ON s.slot = r.i * " + CALENDAR_SLOTS + " // " + n;
    }

    /** The query that produces each table, with the table's exact column types. */
    Map<RawTable, String> tableQueries() {
        return Map.of(RawTable.CUSTOMERS, customers(), RawTable.STORES, stores(), RawTable.PRODUCTS, products(), RawTable.SALES, sales());
    }

    /** COPY of a query to a Parquet file: zstd and Parquet v2 pages, the fastest combination DuckDB writes. */
    static String copyToParquet(RawTable table, String query, Path file) {
        String typed = "SELECT " + table.columns().stream()
                .map(c -> "CAST(" + c.name() + " AS " + c.type().sql() + ") AS " + c.name())
                .reduce((a, b) -> a + ", " + b).orElseThrow()
                + " FROM (" + query + ")";
        return "COPY (" + typed + ") TO " + Sql.literal(file.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2)";
    }

    private static String categoryCase(String uniform) {
        StringBuilder sql = new StringBuilder("CASE");
        double cumulative = 0;
        for (int i = 0; i < CATEGORY_SHARE.length - 1; i++) {
            cumulative += CATEGORY_SHARE[i];
            sql.append(" WHEN ").append(uniform).append(" < ").append(cumulative).append(" THEN ").append(i);
        }
        return sql.append(" ELSE ").append(CATEGORY_SHARE.length - 1).append(" END").toString();
    }

    private static String date(LocalDate date) {
        return "DATE '" + date + "'";
    }

    private static long daysBetween(LocalDate from, LocalDate to) {
        return java.time.temporal.ChronoUnit.DAYS.between(from, to);
    }

    private static String stringList(List<String> values) {
        return values.stream().map(Sql::literal).reduce((a, b) -> a + ", " + b).map(s -> "[" + s + "]").orElse("[]");
    }

    private static String nestedStringList(List<List<String>> values) {
        return values.stream().map(RetailSql::stringList).reduce((a, b) -> a + ", " + b).map(s -> "[" + s + "]").orElse("[]");
    }

    private static String doubleList(int[] values) {
        StringBuilder sql = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(values[i]).append(".0");
        }
        return sql.append("]").toString();
    }
}
