package dev.testbed.generate;

import dev.testbed.core.RawTable;
import dev.testbed.core.Sql;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The SQL that DuckDB runs to generate the retail data set.
 *
 * <p>Every random choice is a hash of the row's key salted by {@code (seed, stream)}, turned into a
 * uniform number, so a value
 * depends only on the seed, the purpose ("stream") and the row's key: never on thread scheduling or
 * on the order in which DuckDB happens to evaluate rows. That is what makes the output identical for
 * any thread count while DuckDB writes the Parquet files in parallel.
 *
 * <p>Referential consistency is built in rather than filtered afterwards: customer and store ids are
 * numbered in order of signup and opening date, so "customers who had signed up by day d" are exactly
 * ids {@code 1..ncust(d)}, and a sale picks a (skewed) id within that prefix.
 */
final class RetailSql {

    /** Bytes per sales row in the Parquet file, measured at 10 million rows; only for progress estimates. */
    static final long SALES_BYTES_PER_ROW = 11;

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

    /**
     * Up to this many products, each sale looks its product's base price up in a list of all of them instead of
     * computing it again (a hash, a CASE over the categories and exp() per sale: about a fifth of the sales query's
     * time). The list costs 8 bytes per product on every connection, so a data set with more products computes.
     */
    static final long BASE_PRICE_LIST_MAX_PRODUCTS = 1_000_000;

    private final GeneratorConfig config;
    private final boolean basePriceList;

    RetailSql(GeneratorConfig config) {
        this(config, config.products() <= BASE_PRICE_LIST_MAX_PRODUCTS);
    }

    /** @param basePriceList whether the sales look base prices up (see {@link #BASE_PRICE_LIST_MAX_PRODUCTS}); never changes a value */
    RetailSql(GeneratorConfig config, boolean basePriceList) {
        this.config = config;
        this.basePriceList = basePriceList;
    }

    /** Everything a connection that writes files needs first: the helper macros, the key macros and the base price list. */
    List<String> connectionSetup() {
        List<String> setup = new java.util.ArrayList<>(macros());
        setup.add(customerKeys());
        setup.add(storeKeys());
        if (basePriceList) {
            // the same expressions as the products' own base_price, once per product; a session variable, like the temp macros
            setup.add("SET VARIABLE tb_base_cents = (SELECT list(tb_base_cents_of(category_u, price_u) ORDER BY product_id) FROM ("
                    + "SELECT product_id, " + productUniforms("product_id") + " FROM ("
                    + "SELECT k + 1 AS product_id FROM range(0, " + config.products() + ") t(k)))))");
        }
        return setup;
    }

    /** Helper macros; temporary, so they vanish with the connection. */
    List<String> macros() {
        return List.of(
                // 53 random bits -> a double in [0, 1), exactly representable. The key is salted with
                // hash(seed, stream) and hashed alone: DuckDB's multi-argument hash(seed, stream, k)
                // gives strongly correlated values for neighbouring streams (r = -0.6 measured).
                "CREATE OR REPLACE TEMP MACRO tb_hash(stream, k) AS hash(xor(CAST(k AS UBIGINT), "
                        + "hash(CAST(" + config.seed() + " AS BIGINT), CAST(stream AS INTEGER))))",
                "CREATE OR REPLACE TEMP MACRO tb_u(stream, k) AS CAST(tb_hash(stream, k) >> 11 AS DOUBLE) / 9007199254740992.0",
                // where hashing dominates (sales), one hash feeds two or three uniforms of 32 or 16 bits
                "CREATE OR REPLACE TEMP MACRO tb_high32(h) AS CAST(h >> 32 AS DOUBLE) / 4294967296.0",
                "CREATE OR REPLACE TEMP MACRO tb_low32(h) AS CAST(h & 4294967295 AS DOUBLE) / 4294967296.0",
                "CREATE OR REPLACE TEMP MACRO tb_bits16(h, shift) AS CAST((h >> shift) & 65535 AS DOUBLE) / 65536.0",
                "CREATE OR REPLACE TEMP MACRO tb_pick(choices, stream, k) AS "
                        + "choices[1 + CAST(floor(tb_u(stream, k) * len(choices)) AS BIGINT)]",
                // start of SCD2 version j of a key whose history spans `span` days from `first`:
                // evenly spaced with a jitter of less than half a gap, so versions never touch or overlap
                "CREATE OR REPLACE TEMP MACRO tb_version_start(stream, k, first, span, versions, j) AS "
                        + "CASE WHEN j = 0 THEN first ELSE first + CAST(floor(span * j / versions) "
                        + "+ floor(tb_u(stream, k * 8 + j) * span / (2 * versions)) AS INTEGER) END",
                "CREATE OR REPLACE TEMP MACRO tb_tier_step(t, u) AS "
                        + "CASE WHEN t = 3 THEN 2 WHEN t = 0 THEN 1 WHEN u < 0.75 THEN t + 1 ELSE t - 1 END",
                // category and base price of a product from its two uniforms; callers pass columns,
                // because a macro repeats its argument expression wherever the parameter occurs
                "CREATE OR REPLACE TEMP MACRO tb_category_of(u) AS " + categoryCase("u", c -> Integer.toString(c)),
                "CREATE OR REPLACE TEMP MACRO tb_base_cents_of(category_u, price_u) AS CAST(round("
                        + categoryCase("category_u", c -> basePrice(c, "price_u")) + " * 100) AS BIGINT)");
    }

    /** The two uniforms that decide a product's category and base price. */
    private static String productUniforms(String productId) {
        return "tb_high32(product_hash) AS category_u, tb_low32(product_hash) AS price_u "
                + "FROM (SELECT *, tb_hash(501, " + productId + ") AS product_hash";
    }

    /**
     * Customer keys {@code lo + 1 .. hi} and their signup dates, ascending together; signups accelerate
     * over time. A table macro rather than a table: each file computes just its own keys, so memory does
     * not grow with the number of customers.
     */
    String customerKeys() {
        LocalDate signupStart = config.startDate().minusDays(730);
        long span = daysBetween(signupStart, config.endDate().minusDays(30));
        return "CREATE OR REPLACE TEMP MACRO customer_keys(lo, hi) AS TABLE SELECT k + 1 AS customer_id, "
                + date(signupStart) + " + CAST(floor(" + span + " * pow(k / " + config.customers() + ".0, 0.7)) AS INTEGER) AS signup_date "
                + "FROM range(lo, hi) t(k)";
    }

    /** Store keys {@code lo + 1 .. hi} and their opening dates, ascending together; most stores predate the sales window. */
    String storeKeys() {
        LocalDate openStart = config.startDate().minusYears(5);
        long span = daysBetween(openStart, config.endDate().minusDays(60));
        return "CREATE OR REPLACE TEMP MACRO store_keys(lo, hi) AS TABLE SELECT k + 1 AS store_id, "
                + date(openStart) + " + CAST(floor(" + span + " * pow(k / " + config.stores() + ".0, 1.6)) AS INTEGER) AS opened_date "
                + "FROM range(lo, hi) t(k)";
    }

    /**
     * Days of the sales window with their weight (weekday, December peak, summer bump, growth, noise),
     * the first sales row that falls on them, and how many customers and stores exist on that day.
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
                + "signups AS (SELECT signup_date, max(customer_id) AS ncust FROM customer_keys(0, " + config.customers() + ") GROUP BY signup_date), "
                + "openings AS (SELECT opened_date, max(store_id) AS nstore FROM store_keys(0, " + config.stores() + ") GROUP BY opened_date) "
                + "SELECT c.day, least(CAST(floor(c.before * " + config.sales() + ") AS BIGINT), " + config.sales() + ") AS first_row, s.ncust, o.nstore "
                + "FROM cumulative c ASOF JOIN signups s ON c.day >= s.signup_date ASOF JOIN openings o ON c.day >= o.opened_date";
    }

    /** Reads the calendar back, in day order, for {@link #sales(SalesCalendar)}. */
    static final String SALES_CALENDAR = "SELECT first_row, ncust, nstore FROM sales_days ORDER BY day";

    /**
     * Customers with SCD2 history: one to four versions per customer, each later version changing the
     * tier (70%) or the email address (30%). Each step of the history is its own subquery because
     * DuckDB inlines reused select-list aliases, which would make a chain of steps exponential.
     */
    String customers(long fromKey, long toKey) {
        String firstDay = firstDayCustomers(fromKey, toKey);
        return config.day() == 1 ? firstDay : "SELECT * FROM (" + nextDayCustomers(firstDay) + ") ORDER BY customer_id, valid_from";
    }

    /**
     * Day 2 ({@code testbed.day=2}): one customer in twenty (the same ones for a seed, picked by key) changes on the day
     * after the sales window: its current version closes that day and a new current version starts, one tier up, or,
     * at the top tier already, with a new email address. Everything else is day 1's.
     */
    private String nextDayCustomers(String firstDay) {
        // the first day's rows are read twice: for the versions they keep (the changed ones closed) and for the new ones
        String day = date(config.endDate().plusDays(1));
        String changes = "is_current AND tb_u(140, customer_id) < 0.05";
        String top = stringList(TIERS) + "[" + TIERS.size() + "]";
        return "SELECT customer_id, customer_name, email, signup_date, tier, valid_from, CASE WHEN " + changes + " THEN " + day
                + " ELSE valid_to END AS valid_to, is_current AND NOT (" + changes + ") AS is_current FROM (" + firstDay + ") "
                + "UNION ALL SELECT customer_id, customer_name, CASE WHEN tier = " + top + " THEN replace(email, '@', '.day2@') ELSE email END, "
                + "signup_date, CASE WHEN tier = " + top + " THEN tier ELSE " + stringList(TIERS) + "[list_position(" + stringList(TIERS)
                + ", tier) + 1] END, " + day + ", NULL, true FROM (" + firstDay + ") WHERE " + changes;
    }

    private String firstDayCustomers(long fromKey, long toKey) {
        String history = "SELECT customer_id, signup_date, " + date(config.endDate()) + " - signup_date AS span, "
                + "tb_pick(" + stringList(FIRST_NAMES) + ", 101, customer_id) AS first_name, "
                + "tb_pick(" + stringList(LAST_NAMES) + ", 102, customer_id) AS last_name, "
                + "1 + CAST(tb_u(103, customer_id) < 0.35 AS INTEGER) + CAST(tb_u(104, customer_id) < 0.12 AS INTEGER) "
                + "+ CAST(tb_u(105, customer_id) < 0.04 AS INTEGER) AS versions, tb_u(106, customer_id) AS tier_u, "
                + "tb_u(111, customer_id) < 0.7 AS tier_change1, tb_u(112, customer_id) < 0.7 AS tier_change2, "
                + "tb_u(113, customer_id) < 0.7 AS tier_change3, "
                + "tb_u(114, customer_id) AS step1, tb_u(115, customer_id) AS step2, tb_u(116, customer_id) AS step3 "
                + "FROM customer_keys(" + fromKey + ", " + toKey + ")";
        history = "SELECT *, CASE WHEN tier_u < 0.55 THEN 0 WHEN tier_u < 0.85 THEN 1 WHEN tier_u < 0.97 THEN 2 ELSE 3 END AS tier0, "
                + "0 AS erev0 FROM (" + history + ")";
        for (int j = 1; j <= 3; j++) {
            int p = j - 1;
            history = "SELECT *, CASE WHEN tier_change" + j + " THEN tb_tier_step(tier" + p + ", step" + j + ") ELSE tier" + p + " END AS tier" + j
                    + ", erev" + p + " + CAST(NOT tier_change" + j + " AS INTEGER) AS erev" + j + " FROM (" + history + ")";
        }
        return "SELECT customer_id, first_name || ' ' || last_name AS customer_name, "
                + "lower(first_name || '.' || last_name) || '.' || customer_id || CASE WHEN erev = 0 THEN '' ELSE '.' || erev END "
                + "|| '@' || tb_pick(" + stringList(EMAIL_DOMAINS) + ", 120 + erev, customer_id) AS email, "
                + "signup_date, " + stringList(TIERS) + "[tier + 1] AS tier, "
                + "tb_version_start(130, customer_id, signup_date, span, versions, version) AS valid_from, "
                + "CASE WHEN version = versions - 1 THEN NULL ELSE tb_version_start(130, customer_id, signup_date, span, versions, version + 1) END AS valid_to, "
                + "version = versions - 1 AS is_current "
                + "FROM (SELECT *, " + byVersion("tier", 4) + " AS tier, " + byVersion("erev", 4) + " AS erev FROM ("
                + "SELECT *, unnest(range(versions)) AS version FROM (" + history + ")))";
    }

    /**
     * Stores with SCD2 history: one to three versions per store, each later version a relocation (50%)
     * or a change of store type (50%), always to a different value.
     */
    String stores(long fromKey, long toKey) {
        int cities = CITIES.size();
        int types = STORE_TYPES.size();
        String history = "SELECT store_id, opened_date, " + date(config.endDate()) + " - opened_date AS span, "
                + "1 + CAST(tb_u(203, store_id) < 0.3 AS INTEGER) + CAST(tb_u(204, store_id) < 0.1 AS INTEGER) AS versions, "
                + "CAST(floor(tb_u(205, store_id) * " + cities + ") AS INTEGER) AS loc0, tb_u(206, store_id) AS type_u, "
                + "tb_u(211, store_id) < 0.5 AS moved1, tb_u(212, store_id) < 0.5 AS moved2, "
                + "tb_u(213, store_id) AS move1, tb_u(214, store_id) AS move2, tb_u(215, store_id) AS retype1, tb_u(216, store_id) AS retype2 "
                + "FROM store_keys(" + fromKey + ", " + toKey + ")";
        history = "SELECT *, CASE WHEN type_u < 0.1 THEN 0 WHEN type_u < 0.65 THEN 1 WHEN type_u < 0.85 THEN 2 ELSE 3 END AS type0 "
                + "FROM (" + history + ")";
        for (int j = 1; j <= 2; j++) {
            int p = j - 1;
            history = "SELECT *, CASE WHEN moved" + j + " THEN (loc" + p + " + 1 + CAST(floor(move" + j + " * " + (cities - 1) + ") AS INTEGER)) % "
                    + cities + " ELSE loc" + p + " END AS loc" + j + ", "
                    + "CASE WHEN moved" + j + " THEN type" + p + " ELSE (type" + p + " + 1 + CAST(floor(retype" + j + " * " + (types - 1)
                    + ") AS INTEGER)) % " + types + " END AS type" + j + " FROM (" + history + ")";
        }
        return "SELECT store_id, tb_pick(" + stringList(STORE_NAMES) + ", 201, store_id) || ' #' || store_id AS store_name, "
                + stringList(CITIES) + "[" + byVersion("loc", 3) + " + 1] AS location, "
                + stringList(STORE_TYPES) + "[" + byVersion("type", 3) + " + 1] AS store_type, "
                + "opened_date, "
                + "tb_version_start(230, store_id, opened_date, span, versions, version) AS valid_from, "
                + "CASE WHEN version = versions - 1 THEN NULL ELSE tb_version_start(230, store_id, opened_date, span, versions, version + 1) END AS valid_to, "
                + "version = versions - 1 AS is_current "
                + "FROM (SELECT *, unnest(range(versions)) AS version FROM (" + history + "))";
    }

    /** {@code prefix0} for version 0, {@code prefix1} for version 1, and so on. */
    private static String byVersion(String prefix, int versions) {
        StringBuilder sql = new StringBuilder("CASE version");
        for (int v = 0; v < versions; v++) {
            sql.append(" WHEN ").append(v).append(" THEN ").append(prefix).append(v);
        }
        return sql.append(" END").toString();
    }

    String products(long fromKey, long toKey) {
        return "SELECT product_id, tb_pick(" + stringList(ADJECTIVES) + ", 503, product_id) || ' ' "
                + "|| tb_pick(" + nestedStringList(NOUNS) + "[category + 1], 504, product_id) "
                + "|| ' ' || CAST(100 + floor(tb_u(505, product_id) * 900) AS INTEGER) AS product_name, "
                + stringList(CATEGORIES) + "[category + 1] AS category, "
                + "CAST(CAST(tb_base_cents_of(category_u, price_u) AS DECIMAL(18,0)) * 0.01 AS DECIMAL(10,2)) AS base_price "
                + "FROM (SELECT product_id, tb_category_of(category_u) AS category, category_u, price_u FROM ("
                + "SELECT product_id, " + productUniforms("product_id") + " FROM ("
                + "SELECT k + 1 AS product_id FROM range(" + fromKey + ", " + toKey + ") t(k))))) ORDER BY product_id";
    }

    /**
     * Sales in transaction order, which is date order: row i falls on the last day whose first row is
     * at most i, found by {@link SalesCalendar#packedDayExpression}, which keeps DuckDB's parallel
     * output in row order, so the file is sorted by transaction id and sale date.
     *
     * <p>Customers, stores and products are skewed towards low ids (loyal early customers,
     * established stores, best sellers) among those that exist on the sale's day. The unit price is
     * the base price less a whole percentage of at most 10%, rounded up to the cent, so it never drops
     * below 90% of the base. Money is computed in integer cents and scaled exactly into DECIMAL; DECIMAL(15,0) times
     * 0.01 stays within DuckDB's 64-bit decimals (up to 18 digits), where DECIMAL(18,0) went to 128-bit arithmetic
     * (cents times quantity are far below 10^15).
     * Powers are written as products and square roots, which DuckDB evaluates much faster than pow().
     */
    String sales(SalesCalendar calendar, long fromRow, long toRow) {
        return "SELECT i + 1 AS transaction_id, "
                + "1 + CAST(floor(ncust * (uc * uc * sqrt(uc))) AS BIGINT) AS customer_id, "
                + "1 + CAST(floor(nstore * (us * sqrt(us))) AS BIGINT) AS store_id, "
                + "product_id, " + date(config.startDate()) + " + d AS sale_date, quantity, "
                + "CAST(CAST(unit_cents AS DECIMAL(15,0)) * 0.01 AS DECIMAL(10,2)) AS unit_price, "
                + "CAST(CAST(unit_cents * quantity AS DECIMAL(15,0)) * 0.01 AS DECIMAL(12,2)) AS amount "
                + "FROM (SELECT i, " + SalesCalendar.unpackDay("packed") + ", uc, us, product_id, quantity, "
                + "(" + (basePriceList ? "getvariable('tb_base_cents')[product_id]" : "tb_base_cents_of(category_u, price_u)")
                + " * (100 - discount) + 99) // 100 AS unit_cents "
                + "FROM (SELECT i, packed, uc, us, product_id, quantity, discount" + (basePriceList ? " FROM (SELECT *" : ", " + productUniforms("product_id")) + " "
                + "FROM (SELECT i, " + calendar.packedDayExpression("i", fromRow, toRow) + " AS packed, tb_high32(h1) AS uc, tb_low32(h1) AS us, "
                + "1 + CAST(floor(" + config.products() + " * (up * up)) AS BIGINT) AS product_id, "
                + "CASE WHEN uq < 0.6 THEN 1 WHEN uq < 0.82 THEN 2 WHEN uq < 0.92 THEN 3 WHEN uq < 0.97 THEN 4 "
                + "ELSE 5 + CAST(floor((uq - 0.97) / 0.03 * 6) AS INTEGER) END AS quantity, "
                + "CASE WHEN ud < 0.5 THEN 0 ELSE least(10, CAST(floor((ud - 0.5) * 22) AS INTEGER)) END AS discount "
                + "FROM (SELECT i, h1, tb_high32(h2) AS up, tb_bits16(h2, 16) AS uq, tb_bits16(h2, 0) AS ud FROM ("
                + "SELECT i, tb_hash(401, i) AS h1, tb_hash(402, i) AS h2 FROM range(" + fromRow + ", " + toRow + ") t(i)))))))";
    }

    /**
     * The query that produces rows {@code [from, to)} of a table: for sales row numbers, for the other
     * tables key numbers (a customer or store key has one row per SCD2 version, at most {@link #maxRowsPerKey}).
     */
    String rows(RawTable table, SalesCalendar calendar, long from, long to) {
        return switch (table) {
            case CUSTOMERS -> customers(from, to);
            case STORES -> stores(from, to);
            case PRODUCTS -> products(from, to);
            case SALES -> sales(calendar, from, to);
        };
    }

    /** The most rows one key can have (SCD2 versions), so that a file of n keys has at most n times this many rows. */
    static int maxRowsPerKey(RawTable table) {
        return switch (table) {
            case CUSTOMERS -> 4;
            case STORES -> 3;
            case PRODUCTS, SALES -> 1;
        };
    }

    /** Number of keys (for sales: rows) of a table. */
    long keys(RawTable table) {
        return switch (table) {
            case CUSTOMERS -> config.customers();
            case STORES -> config.stores();
            case PRODUCTS -> config.products();
            case SALES -> config.sales();
        };
    }

    /**
     * COPY of a query to a Parquet file: zstd and Parquet v2 pages, the fastest combination DuckDB writes. A smaller
     * dictionary limit than DuckDB's default makes it give up dictionaries sooner on columns with thousands of distinct
     * values (ids, prices, amounts, emails), which it then writes plainly: a month of sales is written with about 40%
     * less CPU and comes out no larger. Columns with few values (stores, days, quantities, tiers, names) keep their
     * dictionaries. The values are the same either way; only their encoding in the file differs.
     */
    static String copyToParquet(RawTable table, String query, Path file) {
        return "COPY (" + typed(table, query) + ") TO " + Sql.literal(file.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2, DICTIONARY_SIZE_LIMIT 4096)";
    }

    /** The query's rows with exactly the table's column types. */
    static String typed(RawTable table, String query) {
        return "SELECT " + table.columns().stream()
                .map(c -> "CAST(" + c.name() + " AS " + c.type().sql() + ") AS " + c.name())
                .reduce((a, b) -> a + ", " + b).orElseThrow()
                + " FROM (" + query + ")";
    }

    /** A CASE over the category uniform with one branch per category; {@code branch} gives each branch's value. */
    private static String categoryCase(String uniform, IntFunction<String> branch) {
        StringBuilder sql = new StringBuilder("CASE");
        double cumulative = 0;
        for (int c = 0; c < CATEGORY_SHARE.length - 1; c++) {
            cumulative += CATEGORY_SHARE[c];
            sql.append(" WHEN ").append(uniform).append(" < ").append(cumulative).append(" THEN ").append(branch.apply(c));
        }
        return sql.append(" ELSE ").append(branch.apply(CATEGORY_SHARE.length - 1)).append(" END").toString();
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

    private static String longList(long[] values) {
        StringBuilder sql = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sql.append("]").toString();
    }

    /** Base price in dollars, log-uniform within the category's range. */
    private static String basePrice(int category, String uniform) {
        double low = Math.log(PRICE_LOW[category]);
        double span = Math.log(PRICE_HIGH[category]) - low;
        return "exp(CAST(" + low + " AS DOUBLE) + " + uniform + " * CAST(" + span + " AS DOUBLE))";
    }
}
