package ward.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.archive.auth.AccountChange;
import ward.archive.auth.ApplicationEntities;
import ward.archive.auth.ApplicationEntity;
import ward.archive.auth.Role;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;
import ward.archive.pki.CertificateAuthority;
import ward.archive.pki.IssuedCredential;
import ward.net.client.Peer;
import ward.net.tls.Pem;

/** {@code ward ae}: registers the application entities (modalities, viewers, other PACS). */
@Command(
    name = "ae",
    mixinStandardHelpOptions = true,
    description = {
      "Manage registered application entities (while the archive is stopped).",
      "An AE title alone proves nothing: each entity authenticates by TLS client certificate,"
          + " by user identity, or (legacy modalities only, store only) by a pinned address."
    },
    subcommands = {AeCommand.Add.class, AeCommand.ListEntities.class, AeCommand.Remove.class})
final class AeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Register an entity.")
  static final class Add implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(index = "0", paramLabel = "AE_TITLE")
    String aeTitle;

    @ArgGroup(exclusive = true, multiplicity = "1")
    How how;

    static final class How {
      @Option(
          names = "--certificate",
          paramLabel = "CERT.pem",
          description = "authenticates with this TLS client certificate")
      Path certificate;

      @Option(
          names = "--issue-certificate",
          paramLabel = "DIR",
          description =
              "issue it a client certificate from the archive's CA, written to DIR as key.pem"
                  + " and chain.pem")
      Path issueTo;

      @Option(
          names = "--user-identity",
          description = "its users sign in with user name and password (user identity)")
      boolean userIdentity;

      @Option(
          names = "--legacy-address",
          paramLabel = "IP",
          description = "a legacy modality: plaintext, echo and store only, from this address")
      String legacyAddress;
    }

    @Option(
        names = "--role",
        split = ",",
        paramLabel = "ROLE",
        description = "for certificate entities: what it may do (${COMPLETION-CANDIDATES})")
    List<Role> roles = List.of();

    @Option(
        names = "--move-destination",
        paramLabel = "HOST:PORT",
        description = "C-MOVE may send to it at this address")
    String moveDestination;

    @Option(names = "--description", paramLabel = "TEXT")
    String description = "";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      PrintWriter out = spec.commandLine().getOut();
      ApplicationEntity entity;
      if (how.userIdentity) {
        entity = ApplicationEntity.userIdentity(aeTitle, description);
      } else if (how.legacyAddress != null) {
        entity =
            ApplicationEntity.legacy(
                aeTitle, description, ApplicationEntity.addressLiteral(how.legacyAddress));
      } else {
        String fingerprint;
        if (how.issueTo != null) {
          CertificateAuthority ca =
              CertificateAuthority.initialize(
                  Archive.tlsDir(config.dataDir()), List.of(), Clock.systemUTC());
          IssuedCredential issued = ca.issueClient(aeTitle);
          Files.createDirectories(how.issueTo);
          issued.writeTo(how.issueTo.resolve("key.pem"), how.issueTo.resolve("chain.pem"));
          fingerprint = issued.fingerprint();
          out.println("ward: issued a client certificate for " + aeTitle + " in " + how.issueTo);
        } else {
          List<X509Certificate> chain = Pem.readCertificates(how.certificate);
          fingerprint = ApplicationEntity.fingerprint(chain.get(0));
        }
        entity =
            ApplicationEntity.certificate(
                aeTitle,
                description,
                fingerprint,
                roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
      }
      if (moveDestination != null) {
        Peer p = Peer.parse(aeTitle + "@" + moveDestination);
        entity = entity.withMoveDestination(p.host(), p.port());
      }
      try (Database db = Offline.open(config)) {
        new ApplicationEntities(db.dataSource(), Clock.systemUTC()).add(entity);
        Offline.audit(
            config, db, new AccountChange.EntityRegistered(aeTitle, entity.authentication()));
      }
      out.println(
          "ward: registered "
              + aeTitle
              + " ("
              + entity.authentication().name().toLowerCase(java.util.Locale.ROOT)
              + (entity.moveDestination() == null ? "" : ", move destination")
              + ")");
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the entities.")
  static final class ListEntities implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = Offline.open(config)) {
        for (ApplicationEntity e :
            new ApplicationEntities(db.dataSource(), Clock.systemUTC()).list()) {
          out.println(
              e.aeTitle()
                  + "\t"
                  + e.authentication()
                  + "\t"
                  + e.roles()
                  + (e.moveDestination() == null
                      ? ""
                      : "\tmove to "
                          + e.moveDestination().host()
                          + ":"
                          + e.moveDestination().port()));
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an entity.")
  static final class Remove implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(index = "0", paramLabel = "AE_TITLE")
    String aeTitle;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      try (Database db = Offline.open(config)) {
        if (!new ApplicationEntities(db.dataSource(), Clock.systemUTC()).remove(aeTitle)) {
          spec.commandLine().getErr().println("ward: no entity " + aeTitle);
          spec.commandLine().getErr().flush();
          return 1;
        }
        Offline.audit(config, db, new AccountChange.EntityRemoved(aeTitle));
      }
      spec.commandLine().getOut().println("ward: removed " + aeTitle);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
