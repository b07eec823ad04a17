package ward.archive.auth;

/** What an action is done to. */
public sealed interface Resource {

  /** The archive as a whole (for example a query before any study is known). */
  record Archive() implements Resource {}

  /** One study; the patient ID decides what a patient may see. */
  record Study(String studyInstanceUid, String patientId) implements Resource {}

  /** The system itself: users, entities, configuration, audit. */
  record Administration() implements Resource {}

  Resource ARCHIVE = new Archive();
  Resource SYSTEM = new Administration();
}
