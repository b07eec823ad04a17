package ward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.archive.auth.AccountChange;
import ward.archive.auth.ProvisioningInbox;
import ward.archive.auth.Role;
import ward.archive.auth.UserAccount;
import ward.archive.auth.Users;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;

/** {@code ward user}: provisions users without the web interface. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the archive's users. 'add' works whether or not the archive is running; the other"
          + " commands while it is stopped.",
      "Passwords are read from a file (first line), never from the command line; they are"
          + " stored only as Argon2id hashes."
    },
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ListUsers.class,
      UserCommand.Remove.class,
      UserCommand.Password.class
    })
final class UserCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
  static final class Add implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(index = "0", paramLabel = "NAME", description = "user name ([A-Za-z0-9._@-])")
    String name;

    @Option(
        names = "--role",
        required = true,
        split = ",",
        paramLabel = "ROLE",
        description =
            "one or more of ${COMPLETION-CANDIDATES} (least privilege: give only what is needed)")
    List<Role> roles;

    @Option(
        names = "--password-file",
        required = true,
        paramLabel = "FILE",
        description = "file whose first line is the password (at least 12 characters)")
    Path passwordFile;

    @Option(
        names = "--patient-id",
        paramLabel = "ID",
        description = "for a PATIENT: a patient ID whose studies are theirs (repeatable)")
    List<String> patientIds = List.of();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      char[] password = Offline.password(passwordFile);
      PrintWriter out = spec.commandLine().getOut();
      Database db;
      try {
        db = Offline.open(config);
      } catch (IllegalStateException running) {
        // the archive runs: hand the request (with the hash, not the password) to it
        ProvisioningInbox.AddUser request =
            ProvisioningInbox.AddUser.of(
                name, EnumSet.copyOf(roles), password, Set.copyOf(patientIds));
        String answer =
            new ProvisioningInbox(config.dataDir()).submit(request, Duration.ofSeconds(30));
        out.println("ward: " + answer + " (by the running archive)");
        out.flush();
        return 0;
      }
      try (db) {
        Users users = new Users(db.dataSource());
        users.add(name, EnumSet.copyOf(roles), password, Set.copyOf(patientIds));
        Offline.audit(config, db, new AccountChange.UserAdded(name, EnumSet.copyOf(roles)));
      }
      out.println("ward: added user " + name + " with roles " + roles);
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
  static final class ListUsers implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = Offline.open(config)) {
        for (UserAccount u : new Users(db.dataSource()).list()) {
          out.println(u.name() + "\t" + u.roles());
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
  static final class Remove implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      try (Database db = Offline.open(config)) {
        if (!new Users(db.dataSource()).remove(name)) {
          spec.commandLine().getErr().println("ward: no user " + name);
          spec.commandLine().getErr().flush();
          return 1;
        }
        Offline.audit(config, db, new AccountChange.UserRemoved(name));
      }
      spec.commandLine().getOut().println("ward: removed user " + name);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "password",
      mixinStandardHelpOptions = true,
      description = "Set a user's password.")
  static final class Password implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--password-file", required = true, paramLabel = "FILE")
    Path passwordFile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      try (Database db = Offline.open(config)) {
        new Users(db.dataSource()).setPassword(name, Offline.password(passwordFile));
        Offline.audit(config, db, new AccountChange.PasswordChanged(name));
      }
      spec.commandLine().getOut().println("ward: password of " + name + " changed");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
