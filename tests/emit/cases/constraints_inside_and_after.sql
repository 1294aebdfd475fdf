-- case: checks, keys and foreign keys inside CREATE TABLE in the server's order; NOT VALID and repeated keys after it
-- file: 001_products.sql
CREATE TABLE products (id int PRIMARY KEY, sku text NOT NULL, price numeric(10,2));
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE (sku);
ALTER TABLE products ADD CHECK (price >= 0);
ALTER TABLE products ADD CONSTRAINT price_cap CHECK (price < 100000) NOT VALID;
ALTER TABLE products ADD CONSTRAINT products_id_again UNIQUE (id);
CREATE TABLE stock (product_id int REFERENCES products, qty int CHECK (qty >= 0), UNIQUE (product_id));
-- file: 002_validate.sql
ALTER TABLE products VALIDATE CONSTRAINT price_cap;
ALTER TABLE stock ADD CONSTRAINT qty_small CHECK (qty < 1000) NOT VALID;
-- ===== expected =====
-- ===== Tables ================================================================

CREATE TABLE products (
    id integer,
    sku text NOT NULL,
    price numeric(10,2),
    CONSTRAINT products_price_check CHECK (price >= 0),
    CONSTRAINT price_cap CHECK (price < 100000),
    CONSTRAINT products_pkey PRIMARY KEY (id),
    CONSTRAINT products_sku_key UNIQUE (sku)
);
ALTER TABLE products ADD CONSTRAINT products_id_again UNIQUE (id);

CREATE TABLE stock (
    product_id integer,
    qty integer,
    CONSTRAINT stock_qty_check CHECK (qty >= 0),
    CONSTRAINT stock_product_id_key UNIQUE (product_id),
    CONSTRAINT stock_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)
);
ALTER TABLE stock ADD CONSTRAINT qty_small CHECK (qty < 1000) NOT VALID;

-- ===== Migration tracking ====================================================

CREATE TABLE IF NOT EXISTS schema_migrations (
  version VARCHAR(255) PRIMARY KEY,
  executed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  checksum VARCHAR(64),
  success BOOLEAN DEFAULT true,
  rollback_sql TEXT
);

-- The baseline's own row: checksum is the input fingerprint above; rollback_sql drops what this file built.
INSERT INTO schema_migrations (version, checksum, success, rollback_sql)
VALUES ('000_consolidated_baseline', 'dcd3812d7d7ae24ffcd41ac804d9d3f4da3ccf76f80ee14c2bceb6c58011c39f', true, $rollback$
DROP TABLE IF EXISTS stock;
DROP TABLE IF EXISTS products;
$rollback$)
ON CONFLICT (version) DO NOTHING;
