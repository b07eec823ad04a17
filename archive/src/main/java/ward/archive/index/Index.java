package ward.archive.index;

import java.util.List;
import java.util.Optional;
import ward.dicom.DataSet;

/**
 * The Patient/Study/Series/Instance index (PS3.4 C.6) over a relational database. Every method is
 * one transaction.
 */
public interface Index {

  /**
   * Records a stored instance, creating its patient, study and series as needed.
   *
   * @throws IllegalArgumentException when the instance lacks its UIDs or they are too long
   */
  StoreOutcome record(IndexedInstance instance, DuplicatePolicy policy) throws IndexException;

  /**
   * The matches of a query (PS3.4 C.2.2.2 matching), each holding the requested return keys (or
   * every recorded attribute), the unique keys of its level and above, and the level's computed
   * attributes (Number of … Related …, Modalities in Study, SOP Classes in Study).
   *
   * @throws IllegalArgumentException when the level does not exist in the model or a matching key's
   *     value is malformed
   */
  List<DataSet> find(IndexQuery query) throws IndexException;

  /**
   * The instances a selector names, in study, series, instance number order.
   *
   * @throws IllegalArgumentException when the selector lacks the unique key of its level
   */
  List<StoredInstance> instances(InstanceSelector selector) throws IndexException;

  /** One instance by its SOP Instance UID. */
  Optional<StoredInstance> instance(String sopInstanceUid) throws IndexException;

  /**
   * Removes the instances a selector names (and patients, studies and series left empty); returns
   * them, so the caller deletes their stored objects.
   */
  List<StoredInstance> remove(InstanceSelector selector) throws IndexException;

  /**
   * Up to {@code limit} instances in SOP Instance UID order, those after {@code after} (null: from
   * the first): for walking every indexed instance a page at a time.
   */
  List<StoredInstance> instancesAfter(String after, int limit) throws IndexException;

  /** How many instances are indexed. */
  long countInstances() throws IndexException;
}
