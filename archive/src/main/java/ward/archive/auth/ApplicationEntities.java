package ward.archive.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** The registry of application entities (see {@link ApplicationEntity}), kept in the database. */
public final class ApplicationEntities {

  private final DataSource db;
  private final Clock clock;

  public ApplicationEntities(DataSource db, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Registers an entity.
   *
   * @throws IdentityException when its AE title is registered already
   */
  public void add(ApplicationEntity entity) throws IdentityException {
    write(entity, false);
  }

  /**
   * Replaces the registration of the entity with the same AE title.
   *
   * @throws IdentityException when no entity has that AE title
   */
  public void replace(ApplicationEntity entity) throws IdentityException {
    write(entity, true);
  }

  /** Removes a registration; whether it existed. */
  public boolean remove(String aeTitle) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM application_entities WHERE ae_title = ?")) {
      s.setString(1, aeTitle);
      return s.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IdentityStoreException("removing entity " + aeTitle, e);
    }
  }

  public Optional<ApplicationEntity> find(String aeTitle) {
    if (aeTitle == null || aeTitle.isEmpty() || aeTitle.length() > 16) {
      return Optional.empty();
    }
    List<ApplicationEntity> one = read(aeTitle);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /** Every registered entity, by AE title. */
  public List<ApplicationEntity> list() {
    return read(null);
  }

  /** Where C-MOVE sends to {@code aeTitle}, when it is a registered move destination. */
  public Optional<ApplicationEntity.Destination> moveDestination(String aeTitle) {
    return find(aeTitle).map(ApplicationEntity::moveDestination);
  }

  private void write(ApplicationEntity e, boolean replace) throws IdentityException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (replace) {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM application_entities WHERE ae_title = ?")) {
            s.setString(1, e.aeTitle());
            if (s.executeUpdate() == 0) {
              c.rollback();
              throw new IdentityException("no entity has the AE title " + e.aeTitle());
            }
          }
        }
        insert(c, e);
        c.commit();
      } catch (SQLException ex) {
        c.rollback();
        if (Users.isDuplicateKey(ex)) {
          throw new IdentityException("the AE title " + e.aeTitle() + " is registered already");
        }
        throw ex;
      }
    } catch (SQLException ex) {
      throw new IdentityStoreException("registering entity " + e.aeTitle(), ex);
    }
  }

  private void insert(Connection c, ApplicationEntity e) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO application_entities (ae_title, description, authentication,"
                + " certificate_sha256, pinned_address, host, port, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, e.aeTitle());
      s.setString(2, e.description());
      s.setString(3, e.authentication().name());
      s.setString(4, e.certificateSha256());
      s.setString(5, e.pinnedAddress() == null ? null : e.pinnedAddress().getHostAddress());
      ApplicationEntity.Destination d = e.moveDestination();
      s.setString(6, d == null ? null : d.host());
      if (d == null) {
        s.setNull(7, Types.INTEGER);
      } else {
        s.setInt(7, d.port());
      }
      SqlTime.set(s, 8, clock.instant());
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO application_entity_roles (ae_title, role) VALUES (?, ?)")) {
      for (Role role : e.roles()) {
        s.setString(1, e.aeTitle());
        s.setString(2, role.name());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private List<ApplicationEntity> read(String only) {
    String where = only == null ? "" : " WHERE ae_title = ?";
    try (Connection c = db.getConnection()) {
      Map<String, Set<Role>> roles = new HashMap<>();
      try (PreparedStatement s =
          c.prepareStatement("SELECT ae_title, role FROM application_entity_roles" + where)) {
        if (only != null) {
          s.setString(1, only);
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            try {
              roles
                  .computeIfAbsent(r.getString(1), k -> EnumSet.noneOf(Role.class))
                  .add(Role.valueOf(r.getString(2)));
            } catch (IllegalArgumentException e) {
              // a role a later version removed grants nothing
            }
          }
        }
      }
      List<ApplicationEntity> out = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT ae_title, description, authentication, certificate_sha256, pinned_address,"
                  + " host, port FROM application_entities"
                  + where
                  + " ORDER BY ae_title")) {
        if (only != null) {
          s.setString(1, only);
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            String ae = r.getString("ae_title");
            String host = r.getString("host");
            int port = r.getInt("port");
            out.add(
                new ApplicationEntity(
                    ae,
                    r.getString("description"),
                    ApplicationEntity.Authentication.valueOf(r.getString("authentication")),
                    r.getString("certificate_sha256"),
                    address(r.getString("pinned_address")),
                    roles.getOrDefault(ae, Set.of()),
                    host == null ? null : new ApplicationEntity.Destination(host, port)));
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IdentityStoreException("reading entities", e);
    }
  }

  /** An address literal as stored (never a name: nothing is looked up in DNS). */
  private static InetAddress address(String literal) throws SQLException {
    if (literal == null) {
      return null;
    }
    if (!literal.matches("[0-9A-Fa-f.:]{2,45}")) {
      throw new SQLException("stored pinned address is not an IP address literal");
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new SQLException("stored pinned address is not an IP address literal", e);
    }
  }
}
