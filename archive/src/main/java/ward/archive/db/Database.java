package ward.archive.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;

/**
 * The relational database behind the index, the users and the registered entities: embedded H2 in
 * the data directory by default. The schema is migrated by Flyway at open; migrations live in
 * {@code ward/archive/db/migration} (V1 index, V2 identity and access, and onward).
 */
public final class Database implements AutoCloseable {
  /** Units of work committed together at most this many at a time. */
  static final int MAX_GROUP = 64;

  private final HikariDataSource pool;
  private final Transactions writes;
  private Runnable onClose = () -> {};
  private StoreHousekeeping housekeeping;

  /** How often the embedded database's chunks are looked at for rewriting. */
  static final long HOUSEKEEPING_MILLIS = 1000;

  private Database(HikariDataSource pool, Transactions.Durability durability) {
    this.pool = pool;
    this.writes = Transactions.grouped(pool, MAX_GROUP, durability);
  }

  /**
   * Opens (creating if needed) the embedded database in {@code dir}, encrypted under {@code
   * fileKey} (the archive's index key, {@code KeyRing#indexKey}), and migrates it. Its files are
   * encrypted with XTS-AES-256 ({@link XtsFile}); a database made before that, with H2's own AES
   * file encryption, is opened as it was made. Nothing in its files is readable without the key;
   * H2's trace file is off, so no statement or value is written in plain text beside them.
   */
  public static Database embedded(Path dir, String fileKey) throws IOException {
    if (fileKey == null || fileKey.isBlank() || fileKey.contains(" ")) {
      throw new IllegalArgumentException("an index file key is one word");
    }
    if (madeWithH2Encryption(dir)) {
      return kept(open(url(dir) + ";CIPHER=AES", "ward", fileKey + " ", 8));
    }
    String prefix =
        XtsFilePath.register(dir.toAbsolutePath(), fileKey.getBytes(StandardCharsets.US_ASCII));
    // H2 writes a commit to its file without syncing it: the writer syncs once per group, so an
    // acknowledged instance's index entry survives a power failure as its object file does.
    Database db;
    try {
      db =
          open(
              url(dir).replace("jdbc:h2:file:", "jdbc:h2:" + prefix),
              "ward",
              "",
              8,
              () -> XtsFilePath.force(dir));
    } catch (RuntimeException e) {
      XtsFilePath.unregister(dir.toAbsolutePath());
      throw e;
    }
    db.onClose = () -> XtsFilePath.unregister(dir.toAbsolutePath());
    return kept(db);
  }

  /** {@code db} with its file kept compact ({@link StoreHousekeeping}). */
  private static Database kept(Database db) {
    db.housekeeping = StoreHousekeeping.start(db.pool, HOUSEKEEPING_MILLIS);
    return db;
  }

  /** The share of the embedded database file's bytes in use, in percent. */
  int fillRate() throws SQLException {
    return StoreHousekeeping.fillRate(pool);
  }

  /** The embedded database's housekeeping, or null. */
  StoreHousekeeping housekeeping() {
    return housekeeping;
  }

  /** The header H2's own file encryption writes first. */
  private static final byte[] H2_ENCRYPTED = "H2encrypt\n".getBytes(StandardCharsets.US_ASCII);

  private static boolean madeWithH2Encryption(Path dir) throws IOException {
    Path store = dir.resolve("ward.mv.db");
    if (!Files.isRegularFile(store)) {
      return false;
    }
    try (var in = Files.newInputStream(store)) {
      return java.util.Arrays.equals(in.readNBytes(H2_ENCRYPTED.length), H2_ENCRYPTED);
    }
  }

  /**
   * Opens (creating if needed) an unencrypted embedded database in {@code dir} and migrates it: for
   * tests of the index and identity stores only. The archive always opens its index with {@link
   * #embedded(Path, String)}.
   */
  public static Database embedded(Path dir) throws IOException {
    return kept(open(url(dir), "ward", "", 8));
  }

  private static String url(Path dir) throws IOException {
    Files.createDirectories(dir);
    return "jdbc:h2:file:"
        + dir.toAbsolutePath().resolve("ward")
        // WRITE_DELAY=0: a commit is written before it returns, not up to a second later, so an
        // instance acknowledged after its commit survives the process being killed.
        + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0;TRACE_LEVEL_FILE=0"
        // Each session keeps this many parsed statements: an instance is indexed with about 20.
        + ";QUERY_CACHE_SIZE=64"
        // H2 keeps 16 MiB of pages by default, a small part of a busy index
        + ";CACHE_SIZE="
        + pageCacheKiB(Runtime.getRuntime().maxMemory());
  }

  /** The page cache: a sixteenth of the heap, between 16 and 256 MiB. */
  static long pageCacheKiB(long maxHeapBytes) {
    return Math.max(16 << 10, Math.min(256 << 10, maxHeapBytes / 16 / 1024));
  }

  /** Opens any JDBC URL (for example PostgreSQL) and migrates it. */
  public static Database open(String url, String user, String password, int poolSize) {
    return open(url, user, password, poolSize, Transactions.Durability.DATABASE);
  }

  private static Database open(
      String url, String user, String password, int poolSize, Transactions.Durability durability) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("ward-db");
    ClosedDatabaseEviction eviction = new ClosedDatabaseEviction();
    config.setExceptionOverride(eviction);
    HikariDataSource pool = new HikariDataSource(config);
    eviction.pool = pool;
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:ward/archive/db/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, durability);
  }

  /**
   * An embedded H2 database closes itself when a write fails (a full disk): every pooled connection
   * is then dead for good. The first one to report it has the whole pool evicted, so that the next
   * connection opens the database again (recovering it from its last complete commit) once the disk
   * has room.
   */
  private static final class ClosedDatabaseEviction implements SQLExceptionOverride {
    volatile HikariDataSource pool;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
      int code = e.getErrorCode();
      if (code != ErrorCode.DATABASE_IS_CLOSED && code != ErrorCode.DATABASE_CALLED_AT_SHUTDOWN) {
        return Override.CONTINUE_EVICT;
      }
      HikariDataSource p = pool;
      if (p != null) {
        p.getHikariPoolMXBean().softEvictConnections();
      }
      return Override.MUST_EVICT;
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  /**
   * The units of work whose commits are shared: what many threads write at once (instances indexed
   * with their data keys and audit records) is committed by one writer, many units a commit.
   */
  public Transactions writes() {
    return writes;
  }

  /** Finishes the units that wait, then closes the database. */
  @Override
  public void close() {
    if (housekeeping != null) {
      housekeeping.close();
    }
    writes.close();
    pool.close();
    onClose.run();
  }
}
