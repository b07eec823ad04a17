package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.archive.db.Database;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;
import ward.net.tls.TlsProfile;
import ward.scan.report.Json;

/**
 * The administration API and the patient portal end to end, over HTTPS against a running archive
 * whose studies came in through dcmtk's storescu: who may call what (401 without a login, 403 for
 * the wrong role), users and entities managed without ever losing the last administrator, the
 * status and policies, the CA download, a patient's study as a ZIP of the very Part 10 files
 * stored, a deletion request from the patient to the administrator's approval, the posture
 * self-scan, and every change and refusal in the audit trail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveWebAdminTest {
  @TempDir static Path work;
  static Path data;
  static Path ca;
  static String base;
  static int tlsPort;
  static int plaintextPort;
  static Archive archive;
  static HttpClient http;
  static String admin;
  static String auditor;
  static String reader;
  static String patient1;
  static String patient2;
  static String studyA;
  static String studyB;
  static Map<String, byte[]> originals = new HashMap<>();
  static Map<String, String> zipDigests = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    data = work.resolve("data");
    tlsPort = ArchiveTesting.configure(data);
    plaintextPort = ArchiveTesting.freePort();
    Files.writeString(
        data.resolve("ward.conf"),
        "dicom.plaintext-port = " + plaintextPort + "\n",
        StandardOpenOption.APPEND);
    ArchiveTesting.wardOk(
        "ae", "add", "OLDCR", "--legacy-address", "127.0.0.1", "--data", data.toString());
    Path adminPw = ArchiveTesting.user(work, data, "admin1", "ADMINISTRATOR");
    Path auditorPw = ArchiveTesting.user(work, data, "auditor1", "AUDITOR");
    Path readerPw = ArchiveTesting.user(work, data, "reader1", "READER");
    Path modalityPw = ArchiveTesting.user(work, data, "modality1", "UPLOADER");

    Path studies = ArchiveTesting.synth(work.resolve("studies"), 2, 3, 11);
    Map<String, String> studyOfPatient = new HashMap<>();
    for (Path f : ArchiveTesting.files(studies)) {
      DataSet ds = DicomReader.readFile(f).dataSet();
      studyOfPatient.put(ds.getString(Tags.PatientID), ds.getString(Tags.StudyInstanceUID));
      originals.put(ds.getString(Tags.SOPInstanceUID), Files.readAllBytes(f));
    }
    List<String> patients = new ArrayList<>(studyOfPatient.keySet());
    patients.sort(null);
    studyA = studyOfPatient.get(patients.get(0));
    studyB = studyOfPatient.get(patients.get(1));
    Path patient1Pw = patient(work, data, "patient1", patients.get(0));
    Path patient2Pw = patient(work, data, "patient2", patients.get(1));

    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    assertThat(config.problems()).isEmpty();
    archive = Archive.start(config.config(), new PrintWriter(new StringWriter()));
    ca = data.resolve("tls").resolve("ca.pem");
    base = ArchiveTesting.httpsBase(data);
    http =
        HttpClient.newBuilder()
            .sslContext(TlsProfile.builder().trustedCertificates(ca).build().context())
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    Run stored =
        ArchiveTesting.storeAsUser(
            work,
            ca,
            tlsPort,
            "modality1",
            modalityPw,
            "MODALITY1",
            "+sd",
            "+r",
            studies.toString());
    assertThat(stored.status()).as(stored.out()).isZero();

    admin = login("admin1", adminPw);
    auditor = login("auditor1", auditorPw);
    reader = login("reader1", readerPw);
    patient1 = login("patient1", patient1Pw);
    patient2 = login("patient2", patient2Pw);
  }

  @AfterAll
  static void stop() {
    if (archive != null) {
      archive.close();
    }
  }

  private static Path patient(Path work, Path data, String name, String patientId)
      throws Exception {
    Path pw = work.resolve(name + ".pw");
    Files.writeString(pw, "correct horse " + name + "\n");
    ArchiveTesting.wardOk(
        "user",
        "add",
        name,
        "--role",
        "PATIENT",
        "--patient-id",
        patientId,
        "--password-file",
        pw.toString(),
        "--data",
        data.toString());
    return pw;
  }

  private static String login(String name, Path password) throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/login",
            null,
            "{\"name\":\""
                + name
                + "\",\"password\":\""
                + Files.readString(password).strip()
                + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (String) object(r.body()).get("token");
  }

  static HttpResponse<String> send(String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(180));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json) {
    return (Map<String, Object>) Json.read(json);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> array(String json) {
    return (List<Map<String, Object>>) Json.read(json);
  }

  // ---------------------------------------------------------------- who may call what

  @Test
  @Order(1)
  void everyAdministrationRouteWantsALoginAndTheRightRole() throws Exception {
    String[][] adminRoutes = {
      {"GET", "/api/admin/users"},
      {"POST", "/api/admin/users"},
      {"POST", "/api/admin/users/reader1/roles"},
      {"POST", "/api/admin/users/reader1/unlock"},
      {"DELETE", "/api/admin/users/reader1"},
      {"GET", "/api/admin/aes"},
      {"POST", "/api/admin/aes"},
      {"DELETE", "/api/admin/aes/OLDCR"},
      {"GET", "/api/admin/deletion-requests"},
      {"POST", "/api/admin/deletion-requests/1/approve"},
      {"POST", "/api/admin/deletion-requests/1/reject"},
    };
    for (String[] r : adminRoutes) {
      String body = r[0].equals("POST") ? "{}" : null;
      assertThat(send(r[0], r[1], null, body).statusCode()).as("no login: " + r[1]).isEqualTo(401);
      for (String token : List.of(patient1, reader, auditor)) {
        assertThat(send(r[0], r[1], token, body).statusCode()).as(r[1]).isEqualTo(403);
      }
    }
    String[][] systemRoutes = {
      {"GET", "/api/admin/status"},
      {"GET", "/api/admin/policies"},
      {"GET", "/api/admin/posture"},
      {"POST", "/api/admin/posture"},
    };
    for (String[] r : systemRoutes) {
      assertThat(send(r[0], r[1], null, null).statusCode()).isEqualTo(401);
      assertThat(send(r[0], r[1], patient1, null).statusCode()).as(r[1]).isEqualTo(403);
      assertThat(send(r[0], r[1], reader, null).statusCode()).as(r[1]).isEqualTo(403);
    }
    assertThat(get("/api/admin/status", auditor).statusCode()).isEqualTo(200);
    // patients ask for deletion, others do not
    assertThat(get("/api/me/deletion-requests", reader).statusCode()).isEqualTo(403);
    assertThat(get("/api/me/deletion-requests", admin).statusCode()).isEqualTo(403);
    assertThat(get("/api/me/deletion-requests", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/studies/" + studyA + "/download", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/studies/" + studyA + "/download", admin).statusCode()).isEqualTo(403);
  }

  // ---------------------------------------------------------------- users

  @Test
  @Order(2)
  void administratorsManageUsersButNeverLoseTheLastAdministrator() throws Exception {
    HttpResponse<String> listed = get("/api/admin/users", admin);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain("argon2").doesNotContain("hash");
    assertThat(array(listed.body()))
        .extracting(u -> u.get("name"))
        .contains("admin1", "auditor1", "patient1", "patient2");
    Map<String, Object> p1 =
        array(listed.body()).stream()
            .filter(u -> u.get("name").equals("patient1"))
            .findFirst()
            .orElseThrow();
    assertThat(p1.get("roles")).isEqualTo(List.of("PATIENT"));
    assertThat(p1.get("locked")).isEqualTo(false);

    // bad input is refused with a reason, and nothing is stored
    assertThat(
            send(
                    "POST",
                    "/api/admin/users",
                    admin,
                    "{\"name\":\"nurse1\",\"password\":\"short\"," + "\"roles\":[\"READER\"]}")
                .body())
        .contains("at least 12 characters");
    assertThat(
            send(
                    "POST",
                    "/api/admin/users",
                    admin,
                    "{\"name\":\"nurse1\",\"roles\":[\"READER\"],"
                        + "\"password\":\"long enough password\",\"isAdmin\":true}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            send(
                    "POST",
                    "/api/admin/users",
                    admin,
                    "{\"name\":\"nurse1\","
                        + "\"password\":\"long enough password\",\"roles\":[\"ROOT\"]}")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/admin/users"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
    String huge = "{\"name\":\"" + "a".repeat(40_000) + "\"}";
    Path hugeFile = Files.writeString(work.resolve("huge.json"), huge);
    Run tooLarge =
        ArchiveTesting.curl(
            work,
            ca,
            admin,
            base + "/api/admin/users",
            "-H",
            "Content-Type: application/json",
            "--data-binary",
            "@" + hugeFile);
    assertThat(tooLarge.out()).as(tooLarge.out()).endsWith("HTTP 413");
    assertThat(get("/api/admin/users", admin).body()).doesNotContain("nurse1");

    HttpResponse<String> created =
        send(
            "POST",
            "/api/admin/users",
            admin,
            "{\"name\":\"nurse1\",\"password\":\"long enough password\",\"roles\":[\"READER\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(object(created.body()).get("roles")).isEqualTo(List.of("READER"));
    assertThat(created.body()).doesNotContain("long enough password");
    assertThat(
            send(
                    "POST",
                    "/api/admin/users",
                    admin,
                    "{\"name\":\"nurse1\",\"password\":\"another long password\","
                        + "\"roles\":[\"READER\"]}")
                .statusCode())
        .isEqualTo(409);
    // the new user can log in and has the role given
    HttpResponse<String> nurseLogin =
        send(
            "POST",
            "/api/login",
            null,
            "{\"name\":\"nurse1\",\"password\":\"long enough password\"}");
    assertThat(nurseLogin.statusCode()).isEqualTo(200);
    String nurse = (String) object(nurseLogin.body()).get("token");
    assertThat(get("/dicomweb/studies", nurse).statusCode()).isEqualTo(200);

    assertThat(
            send("POST", "/api/admin/users/nurse1/roles", admin, "{\"roles\":[\"UPLOADER\"]}")
                .statusCode())
        .isEqualTo(204);
    assertThat(get("/dicomweb/studies", nurse).statusCode()).isEqualTo(403);
    // five wrong passwords lock the account; the list shows it; unlocking lets the right one in
    String wrong = "{\"name\":\"nurse1\",\"password\":\"not the password at all\"}";
    String right = "{\"name\":\"nurse1\",\"password\":\"long enough password\"}";
    for (int i = 0; i < 5; i++) {
      assertThat(send("POST", "/api/login", null, wrong).statusCode()).isEqualTo(401);
    }
    assertThat(send("POST", "/api/login", null, right).statusCode()).isEqualTo(401);
    assertThat(
            array(get("/api/admin/users", admin).body()).stream()
                .filter(u -> u.get("name").equals("nurse1"))
                .findFirst()
                .orElseThrow())
        .containsEntry("locked", true);
    assertThat(send("POST", "/api/admin/users/nurse1/unlock", admin, null).statusCode())
        .isEqualTo(204);
    assertThat(
            array(get("/api/admin/users", admin).body()).stream()
                .filter(u -> u.get("name").equals("nurse1"))
                .findFirst()
                .orElseThrow())
        .containsEntry("locked", false);
    assertThat(send("POST", "/api/login", null, right).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/api/admin/users/nobody/unlock", admin, null).statusCode())
        .isEqualTo(404);

    // the last administrator: neither removed nor demoted
    HttpResponse<String> removeLast = send("DELETE", "/api/admin/users/admin1", admin, null);
    assertThat(removeLast.statusCode()).isEqualTo(409);
    assertThat(removeLast.body()).contains("last administrator");
    assertThat(
            send("POST", "/api/admin/users/admin1/roles", admin, "{\"roles\":[\"READER\"]}")
                .statusCode())
        .isEqualTo(409);
    assertThat(get("/api/admin/users", admin).statusCode()).isEqualTo(200);

    assertThat(send("DELETE", "/api/admin/users/nurse1", admin, null).statusCode()).isEqualTo(204);
    assertThat(get("/dicomweb/studies", nurse).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/api/admin/users/nurse1", admin, null).statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- entities

  @Test
  @Order(3)
  void administratorsRegisterAndRemoveEntities() throws Exception {
    String fingerprint = "ab".repeat(32);
    HttpResponse<String> cert =
        send(
            "POST",
            "/api/admin/aes",
            admin,
            "{\"aeTitle\":\"VIEWER9\",\"authentication\":\"CERTIFICATE\",\"certificateSha256\":\""
                + fingerprint.toUpperCase(java.util.Locale.ROOT)
                + "\",\"roles\":[\"READER\"],\"moveDestination\":{\"host\":\"127.0.0.1\","
                + "\"port\":11113}}");
    assertThat(cert.statusCode()).as(cert.body()).isEqualTo(201);
    // registered with the archive's own CA certificate as a certificate entity (PEM accepted)
    String pem = Files.readString(ca).replace("\n", "\\n");
    HttpResponse<String> byPem =
        send(
            "POST",
            "/api/admin/aes",
            admin,
            "{\"aeTitle\":\"VIEWER8\",\"authentication\":\"CERTIFICATE\",\"certificatePem\":\""
                + pem
                + "\",\"roles\":[\"READER\"]}");
    assertThat(byPem.statusCode()).as(byPem.body()).isEqualTo(201);
    assertThat(object(byPem.body()).get("certificateSha256")).asString().hasSize(64);
    assertThat(
            send(
                    "POST",
                    "/api/admin/aes",
                    admin,
                    "{\"aeTitle\":\"OLDUS\",\"authentication\":\"LEGACY_ADDRESS\","
                        + "\"pinnedAddress\":\"scanner.example\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            send(
                    "POST",
                    "/api/admin/aes",
                    admin,
                    "{\"aeTitle\":\"OLDUS\",\"authentication\":\"LEGACY_ADDRESS\","
                        + "\"pinnedAddress\":\"127.0.0.2\",\"roles\":[\"READER\"]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            send(
                    "POST",
                    "/api/admin/aes",
                    admin,
                    "{\"aeTitle\":\"OLDUS\",\"authentication\":\"LEGACY_ADDRESS\","
                        + "\"pinnedAddress\":\"127.0.0.2\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            send(
                    "POST",
                    "/api/admin/aes",
                    admin,
                    "{\"aeTitle\":\"OLDUS\",\"authentication\":\"USER_IDENTITY\"}")
                .statusCode())
        .isEqualTo(409);

    List<Map<String, Object>> listed = array(get("/api/admin/aes", admin).body());
    assertThat(listed).extracting(e -> e.get("aeTitle")).contains("OLDCR", "OLDUS", "VIEWER9");
    Map<String, Object> viewer =
        listed.stream().filter(e -> e.get("aeTitle").equals("VIEWER9")).findFirst().orElseThrow();
    assertThat(viewer.get("certificateSha256")).isEqualTo(fingerprint);
    assertThat(viewer.get("moveDestination"))
        .isEqualTo(Map.of("host", "127.0.0.1", "port", 11113L));
    assertThat(
            listed.stream().filter(e -> e.get("aeTitle").equals("OLDUS")).findFirst().orElseThrow())
        .containsEntry("pinnedAddress", "127.0.0.2")
        .containsEntry("roles", List.of("UPLOADER"));

    assertThat(send("DELETE", "/api/admin/aes/VIEWER9", admin, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/api/admin/aes/VIEWER9", admin, null).statusCode()).isEqualTo(404);
    assertThat(get("/api/admin/aes", admin).body()).doesNotContain("VIEWER9");
  }

  // ---------------------------------------------------------------- status, policies, CA

  @Test
  @Order(4)
  void statusAndPoliciesTellWhatTheArchiveHoldsAndEnforces() throws Exception {
    HttpResponse<String> s = get("/api/admin/status", admin);
    assertThat(s.statusCode()).isEqualTo(200);
    Map<String, Object> status = object(s.body());
    assertThat(status.get("studies")).isEqualTo(2L);
    assertThat(status.get("instances")).isEqualTo((long) originals.size());
    assertThat((Long) status.get("storedBytes")).isPositive();
    assertThat((Long) status.get("diskFreeBytes")).isPositive();
    assertThat(status.get("ports"))
        .isEqualTo(
            Map.of(
                "dicomTls",
                (long) tlsPort,
                "dicomPlaintext",
                (long) plaintextPort,
                "https",
                Long.parseLong(base.substring(base.lastIndexOf(':') + 1))));
    assertThat(status).containsKeys("integrity", "audit", "keys", "version", "uptimeSeconds");
    assertThat(s.body()).doesNotContain(work.toString()).doesNotContain("PRIVATE");

    HttpResponse<String> p = get("/api/admin/policies", auditor);
    assertThat(p.statusCode()).isEqualTo(200);
    Map<String, Object> policies = object(p.body());
    @SuppressWarnings("unchecked")
    Map<String, Object> tls = (Map<String, Object>) policies.get("tls");
    assertThat(tls.get("protocols")).isEqualTo(List.of("TLSv1.3", "TLSv1.2"));
    @SuppressWarnings("unchecked")
    Map<String, Object> dicom = (Map<String, Object>) policies.get("dicom");
    assertThat(dicom.get("plaintextPort")).isEqualTo((long) plaintextPort);
    assertThat(dicom.get("plaintextServices")).isEqualTo(List.of("ECHO", "STORE"));
    assertThat(p.body()).doesNotContain(work.toString());
  }

  @Test
  @Order(5)
  void everyoneSignedInMayDownloadTheCaCertificate() throws Exception {
    for (String token : List.of(patient1, reader, admin)) {
      HttpResponse<String> r = get("/api/ca.pem", token);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
      assertThat(r.headers().firstValue("Content-Disposition"))
          .hasValue("attachment; filename=\"ward-ca.pem\"");
      assertThat(r.body()).isEqualTo(Files.readString(ca)).doesNotContain("PRIVATE");
    }
    assertThat(get("/api/ca.pem", null).statusCode()).isEqualTo(401);
  }

  // ---------------------------------------------------------------- study download

  @Test
  @Order(6)
  void aPatientDownloadsTheirStudyAsTheStoredPart10Files() throws Exception {
    assertThat(download(studyA, patient1)).isEqualTo(originals.size() / 2);
    assertThat(download(studyB, patient2)).isEqualTo(originals.size() / 2);

    // another patient's study is not there for them; a reader may download it
    assertThat(get("/api/studies/" + studyB + "/download", patient1).statusCode()).isEqualTo(404);
    assertThat(get("/api/studies/" + studyA + "/download", patient2).statusCode()).isEqualTo(404);
    assertThat(get("/api/studies/" + studyB + "/download", reader).statusCode()).isEqualTo(200);
    assertThat(get("/api/studies/1.2.3.4.999/download", reader).statusCode()).isEqualTo(404);
    assertThat(get("/api/studies/1..2/download", reader).statusCode()).isEqualTo(400);
  }

  /** Downloads a study's ZIP and checks each file against what storescu sent; their count. */
  private static int download(String study, String token) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/studies/" + study + "/download"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
    System.out.println("study ZIP download: " + r.body().length + " bytes in " + millis + " ms");
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        assertThat(e.getName()).matches("series-\\d{3}/instance-\\d{4}\\.dcm");
        byte[] file = zip.readAllBytes();
        DataSet ds = DicomReader.read(file, ward.dicom.ReadOptions.DEFAULT).dataSet();
        assertThat(ds.getString(Tags.StudyInstanceUID)).isEqualTo(study);
        String sop = ds.getString(Tags.SOPInstanceUID);
        byte[] original = originals.get(sop);
        assertThat(original).isNotNull();
        // the data set is the one storescu sent, byte for byte (Ward writes its own file meta)
        assertThat(transferSyntax(file)).isEqualTo(transferSyntax(original));
        assertThat(dataSet(file)).isEqualTo(dataSet(original));
        zipDigests.put(sop, sha256(file));
        entries++;
      }
    }
    return entries;
  }

  /** The bytes after the file meta information group (PS3.10 7.1). */
  static byte[] dataSet(byte[] part10) {
    int end = metaEnd(part10);
    return Arrays.copyOfRange(part10, end, part10.length);
  }

  static int metaEnd(byte[] part10) {
    assertThat(new String(part10, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
    ByteBuffer b = ByteBuffer.wrap(part10).order(ByteOrder.LITTLE_ENDIAN);
    // (0002,0000) UL, explicit VR: tag 4, VR 2, length 2, value 4
    assertThat(b.getShort(132)).isEqualTo((short) 2);
    assertThat(b.getShort(134)).isEqualTo((short) 0);
    return 132 + 12 + b.getInt(140);
  }

  static String transferSyntax(byte[] part10) throws Exception {
    return DicomReader.read(part10, ward.dicom.ReadOptions.DEFAULT)
        .fileMeta()
        .getString(Tags.TransferSyntaxUID);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  // ---------------------------------------------------------------- deletion requests

  @Test
  @Order(7)
  void aPatientAsksForDeletionAndAnAdministratorApprovesIt() throws Exception {
    // another patient's study: refused as not found
    HttpResponse<String> foreign =
        send(
            "POST",
            "/api/me/deletion-requests",
            patient1,
            "{\"study\":\"" + studyB + "\",\"reason\":\"not mine\"}");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).contains("no such study");
    assertThat(
            send("POST", "/api/me/deletion-requests", patient1, "{\"study\":\"../../etc\"}")
                .statusCode())
        .isEqualTo(400);

    HttpResponse<String> filed =
        send(
            "POST",
            "/api/me/deletion-requests",
            patient1,
            "{\"study\":\"" + studyA + "\",\"reason\":\"I moved to another clinic\"}");
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    Map<String, Object> request = object(filed.body());
    long id = (Long) request.get("id");
    assertThat(request).containsEntry("state", "PENDING").containsEntry("study", studyA);
    assertThat(
            send("POST", "/api/me/deletion-requests", patient1, "{\"study\":\"" + studyA + "\"}")
                .statusCode())
        .isEqualTo(409);

    assertThat(array(get("/api/me/deletion-requests", patient1).body()))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("id", id).containsEntry("state", "PENDING"));
    assertThat(array(get("/api/me/deletion-requests", patient2).body())).isEmpty();
    assertThat(array(get("/api/admin/deletion-requests", admin).body()))
        .anySatisfy(
            m ->
                assertThat(m)
                    .containsEntry("id", id)
                    .containsEntry("requester", "patient1")
                    .containsEntry("reason", "I moved to another clinic"));
    assertThat(
            send("POST", "/api/admin/deletion-requests/" + id + "/approve", patient1, null)
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> approved =
        send("POST", "/api/admin/deletion-requests/" + id + "/approve", admin, null);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(204);
    assertThat(
            send("POST", "/api/admin/deletion-requests/" + id + "/reject", admin, null)
                .statusCode())
        .isEqualTo(409);
    assertThat(send("POST", "/api/admin/deletion-requests/99999/approve", admin, null).statusCode())
        .isEqualTo(404);

    // the study is gone for everyone; the other is untouched
    assertThat(get("/api/studies/" + studyA + "/download", reader).statusCode()).isEqualTo(404);
    assertThat(object(get("/api/admin/status", admin).body()).get("studies")).isEqualTo(1L);
    assertThat(array(get("/api/me/deletion-requests", patient1).body()))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .containsEntry("state", "APPROVED")
                    .containsEntry("decidedBy", "admin1"));

    // a rejected request leaves the study
    HttpResponse<String> second =
        send("POST", "/api/me/deletion-requests", patient2, "{\"study\":\"" + studyB + "\"}");
    long other = (Long) object(second.body()).get("id");
    assertThat(
            send("POST", "/api/admin/deletion-requests/" + other + "/reject", admin, null)
                .statusCode())
        .isEqualTo(204);
    assertThat(get("/api/studies/" + studyB + "/download", patient2).statusCode()).isEqualTo(200);
    assertThat(array(get("/api/me/deletion-requests", patient2).body()))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("state", "REJECTED"));
  }

  // ---------------------------------------------------------------- posture

  @Test
  @Order(8)
  @SuppressWarnings("unchecked")
  void thePostureScanJudgesTheArchivesOwnListeners() throws Exception {
    HttpResponse<String> none = get("/api/admin/posture", admin);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("no scan yet");

    long t0 = System.nanoTime();
    HttpResponse<String> ran = send("POST", "/api/admin/posture", admin, null);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
    System.out.println("posture self-scan answered in " + millis + " ms");
    Map<String, Object> answer = object(ran.body());
    assertThat(answer.get("requestedBy")).isEqualTo("admin1");
    Map<String, Object> report = (Map<String, Object>) answer.get("report");
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) report.get("endpoints");
    Map<String, Map<String, Object>> byPort = new HashMap<>();
    for (Map<String, Object> e : endpoints) {
      String address = (String) e.get("address");
      byPort.put(address.substring(address.lastIndexOf(':') + 1), e);
    }
    Map<String, Object> tls = byPort.get(String.valueOf(tlsPort));
    Map<String, Object> plain = byPort.get(String.valueOf(plaintextPort));
    assertThat(tls).as(ran.body()).isNotNull();
    assertThat(plain).as(ran.body()).isNotNull();
    assertThat(tls.get("service")).isEqualTo("dicom-tls");
    assertThat(plain.get("service")).isEqualTo("dicom");
    assertThat(endpoints).anySatisfy(e -> assertThat(e.get("service")).isEqualTo("https"));
    for (Map<String, Object> e : endpoints) {
      assertThat(e.get("open")).as(ran.body()).isEqualTo(false);
      assertThat(e.get("worst")).as(ran.body()).isIn("low", "info");
    }
    Map<String, Object> t = (Map<String, Object>) tls.get("tls");
    assertThat((List<Object>) t.get("protocols"))
        .isNotEmpty()
        .allMatch(p -> ((String) p).matches("TLSv1\\.[23]"));
    assertThat((List<Object>) t.get("weakSuites")).isEmpty();
    assertThat(t.get("trusted")).isEqualTo(true);

    HttpResponse<String> last = get("/api/admin/posture", auditor);
    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(object(last.body()).get("finishedAt")).isEqualTo(answer.get("finishedAt"));
  }

  // ---------------------------------------------------------------- the audit trail

  @Test
  @Order(99)
  void everyChangeAndRefusalIsInTheAuditTrailAndTheZipWasWhatWasStored() throws Exception {
    archive.close();
    archive = null;
    List<String> alerts = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    Map<String, String> stored = new HashMap<>();
    try (Database db = Archive.openIndex(data, Archive.keys(data));
        Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet r =
          st.executeQuery(
              "SELECT user_id, outcome, message FROM audit_records"
                  + " WHERE event = 'Security Alert' ORDER BY seq")) {
        while (r.next()) {
          alerts.add(r.getString(1) + " " + r.getInt(2) + " " + r.getString(3));
        }
      }
      try (ResultSet r = st.executeQuery("SELECT sop_instance_uid, sha256 FROM instance")) {
        while (r.next()) {
          stored.put(r.getString(1), r.getString(2).strip());
        }
      }
      try (ResultSet r =
          st.executeQuery(
              "SELECT user_id, message FROM audit_records WHERE event = 'DICOM Study Deleted'")) {
        while (r.next()) {
          deleted.add(r.getString(1) + " " + r.getString(2));
        }
      }
    }
    assertThat(alerts)
        .anySatisfy(a -> assertThat(a).startsWith("admin1 0 ").contains("user nurse1 added"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("admin1 0 ")
                    .contains("roles of user nurse1 set to [UPLOADER]"))
        .anySatisfy(a -> assertThat(a).startsWith("admin1 0 ").contains("user nurse1 unlocked"))
        .anySatisfy(a -> assertThat(a).startsWith("admin1 0 ").contains("user nurse1 removed"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("admin1 4 ")
                    .contains("refused: user admin1 removed")
                    .contains("csd-code=\"110137\""))
        .anySatisfy(
            a -> assertThat(a).startsWith("admin1 4 ").contains("refused: user nurse1 added"))
        .anySatisfy(a -> assertThat(a).startsWith("admin1 0 ").contains("entity OLDUS registered"))
        .anySatisfy(a -> assertThat(a).startsWith("admin1 0 ").contains("entity VIEWER9 removed"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("patient1 4 ")
                    .contains("refused: deletion request for a study"))
        .anySatisfy(a -> assertThat(a).startsWith("patient1 0 ").contains("deletion requested"))
        .anySatisfy(
            a -> assertThat(a).startsWith("admin1 0 ").contains("approved: 3 instance(s) deleted"))
        .anySatisfy(a -> assertThat(a).startsWith("admin1 0 ").contains("rejected"))
        .anySatisfy(a -> assertThat(a).startsWith("admin1 0 ").contains("posture scan"))
        // the 403s at the gate
        .anySatisfy(a -> assertThat(a).startsWith("patient1 4 ").contains("may not MANAGE_USERS"));
    assertThat(alerts).noneSatisfy(a -> assertThat(a).contains("long enough password"));
    assertThat(deleted).singleElement().asString().startsWith("admin1 ").contains(studyA);

    // the ZIP held the very objects stored: the study left has the digests recorded at ingest
    assertThat(stored).hasSize(originals.size() / 2);
    for (Map.Entry<String, String> e : stored.entrySet()) {
      assertThat(zipDigests.get(e.getKey())).as(e.getKey()).isEqualToIgnoringCase(e.getValue());
    }
  }
}
