package ward.archive.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The relational database behind the index, the users and the registered entities: embedded H2 in
 * the data directory by default. The schema is migrated by Flyway at open; migrations live in
 * {@code ward/archive/db/migration} (V1 index, V2 identity and access, and onward).
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;

  private Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens (creating if needed) the embedded database in {@code dir} and migrates it. */
  public static Database embedded(Path dir) throws IOException {
    Files.createDirectories(dir);
    String url =
        "jdbc:h2:file:"
            + dir.toAbsolutePath().resolve("ward")
            // WRITE_DELAY=0: a commit is written before it returns, not up to a second later, so an
            // instance acknowledged after its commit survives the process being killed.
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
    return open(url, "ward", "", 8);
  }

  /** Opens any JDBC URL (for example PostgreSQL) and migrates it. */
  public static Database open(String url, String user, String password, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("ward-db");
    HikariDataSource pool = new HikariDataSource(config);
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
    return new Database(pool);
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
