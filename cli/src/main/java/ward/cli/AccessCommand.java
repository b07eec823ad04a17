package ward.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.archive.auth.Grant;
import ward.archive.auth.Users;
import ward.archive.db.Database;

/** {@code ward access}: per-study access rules for referrers. */
@Command(
    name = "access",
    mixinStandardHelpOptions = true,
    description = {
      "Per-study access: the rules that name the studies a user with the REFERRER role may query"
          + " and retrieve, over DICOM and DICOMweb alike. A study is granted when one rule matches"
          + " it: its referring physician, its patient's issuer of patient ID, the institution it"
          + " was made at, or its Study Instance UID. A referrer without rules sees nothing. Works while the archive is"
          + " stopped."
    },
    subcommands = {
      AccessCommand.GrantRule.class,
      AccessCommand.Revoke.class,
      AccessCommand.ListRules.class
    })
final class AccessCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exactly one rule. */
  static final class Rule {
    @Option(
        names = "--referring-physician",
        paramLabel = "NAME",
        description = "studies whose Referring Physician's Name is NAME (e.g. SMITH^JOHN)")
    String physician;

    @Option(
        names = "--issuer",
        paramLabel = "ISSUER",
        description = "studies of patients whose Issuer of Patient ID is ISSUER")
    String issuer;

    @Option(
        names = "--institution",
        paramLabel = "NAME",
        description = "studies made at the institution NAME (Institution Name, any case)")
    String institution;

    @Option(names = "--study", paramLabel = "UID", description = "one study, shared explicitly")
    String study;

    Grant grant() {
      if (physician != null) {
        return new Grant(Grant.Kind.REFERRING_PHYSICIAN, physician);
      }
      if (issuer != null) {
        return new Grant(Grant.Kind.ISSUER_OF_PATIENT_ID, issuer);
      }
      return institution != null
          ? new Grant(Grant.Kind.INSTITUTION, institution)
          : new Grant(Grant.Kind.STUDY, study);
    }
  }

  private static Grant grant(CommandLine cl, Rule rule) {
    try {
      return rule.grant();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant a user a rule.")
  static final class GrantRule implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(paramLabel = "USER")
    String user;

    @ArgGroup(multiplicity = "1")
    Rule rule;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Grant g = grant(spec.commandLine(), rule);
      try (Database db = Offline.open(Offline.config(data))) {
        new Users(db.dataSource()).grant(user, g);
      }
      spec.commandLine().getOut().println("ward: " + user + " may see " + describe(g));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Take a rule back.")
  static final class Revoke implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(paramLabel = "USER")
    String user;

    @ArgGroup(multiplicity = "1")
    Rule rule;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Grant g = grant(spec.commandLine(), rule);
      boolean was;
      try (Database db = Offline.open(Offline.config(data))) {
        was = new Users(db.dataSource()).revoke(user, g);
      }
      if (!was) {
        spec.commandLine().getErr().println("ward: " + user + " had no such rule");
        return 1;
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "A user's rules.")
  static final class ListRules implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(paramLabel = "USER")
    String user;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = Offline.open(Offline.config(data))) {
        for (Grant g : new Users(db.dataSource()).grants(user)) {
          out.println(describe(g));
        }
      }
      out.flush();
      return 0;
    }
  }

  private static String describe(Grant g) {
    return switch (g.kind()) {
      case REFERRING_PHYSICIAN -> "studies referred by " + g.value();
      case ISSUER_OF_PATIENT_ID -> "studies of patients issued by " + g.value();
      case INSTITUTION -> "studies made at " + g.value();
      case STUDY -> "study " + g.value();
    };
  }
}
