package ward.archive.db;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Databases at a given schema version, for tests of what a migration does to rows already there.
 */
public final class TestMigrations {
  private TestMigrations() {}

  /** An unencrypted embedded database in {@code dir}, migrated up to {@code version}. */
  public static DataSource h2At(Path dir, String version) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("ward") + ";DB_CLOSE_ON_EXIT=FALSE");
    ds.setUser("ward");
    migrate(ds, version);
    return ds;
  }

  /** Migrates {@code ds} up to {@code version} ({@code "latest"} for all). */
  public static void migrate(DataSource ds, String version) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:ward/archive/db/migration")
        .target(version)
        .load()
        .migrate();
  }
}
