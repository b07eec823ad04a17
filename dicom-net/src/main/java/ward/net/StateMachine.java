package ward.net;

import java.util.EnumMap;
import java.util.Map;

/**
 * The DICOM Upper Layer state machine, kept as the standard's own table (PS3.8 9.2, Table 9-10). An
 * {@link Association} feeds it every event; the table names the action, and the action names the
 * next state. Event and state pairs not in the table are protocol errors.
 */
final class StateMachine {

  /** PS3.8 Table 9-1. */
  enum State {
    STA1("Idle"),
    STA2("Transport connection open, awaiting A-ASSOCIATE-RQ PDU"),
    STA3("Awaiting local A-ASSOCIATE response primitive"),
    STA4("Awaiting transport connection opening to complete"),
    STA5("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
    STA6("Association established and ready for data transfer"),
    STA7("Awaiting A-RELEASE-RP PDU"),
    STA8("Awaiting local A-RELEASE response primitive"),
    STA9("Release collision requestor side; awaiting A-RELEASE response primitive"),
    STA10("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
    STA11("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
    STA12("Release collision acceptor side; awaiting A-RELEASE response primitive"),
    STA13("Awaiting transport connection close indication");

    final String description;

    State(String description) {
      this.description = description;
    }
  }

  /** PS3.8 Table 9-2. */
  enum Event {
    EVT1("A-ASSOCIATE request (local user)"),
    EVT2("Transport connection confirm"),
    EVT3("A-ASSOCIATE-AC PDU received"),
    EVT4("A-ASSOCIATE-RJ PDU received"),
    EVT5("Transport connection indication"),
    EVT6("A-ASSOCIATE-RQ PDU received"),
    EVT7("A-ASSOCIATE response primitive (accept)"),
    EVT8("A-ASSOCIATE response primitive (reject)"),
    EVT9("P-DATA request primitive"),
    EVT10("P-DATA-TF PDU received"),
    EVT11("A-RELEASE request primitive"),
    EVT12("A-RELEASE-RQ PDU received"),
    EVT13("A-RELEASE-RP PDU received"),
    EVT14("A-RELEASE response primitive"),
    EVT15("A-ABORT request primitive"),
    EVT16("A-ABORT PDU received"),
    EVT17("Transport connection closed indication"),
    EVT18("ARTIM timer expired"),
    EVT19("Unrecognized or invalid PDU received");

    final String description;

    Event(String description) {
      this.description = description;
    }
  }

  /** PS3.8 Tables 9-6 to 9-9: each action and the state it leads to (null: depends). */
  enum Action {
    AE_1("Issue TRANSPORT CONNECT request", State.STA4),
    AE_2("Send A-ASSOCIATE-RQ PDU", State.STA5),
    AE_3("Issue A-ASSOCIATE confirmation (accept)", State.STA6),
    AE_4("Issue A-ASSOCIATE confirmation (reject) and close transport", State.STA1),
    AE_5("Issue transport connection response, start ARTIM", State.STA2),
    AE_6("Stop ARTIM; issue A-ASSOCIATE indication, or send A-ASSOCIATE-RJ", null),
    AE_7("Send A-ASSOCIATE-AC PDU", State.STA6),
    AE_8("Send A-ASSOCIATE-RJ PDU and start ARTIM", State.STA13),
    DT_1("Send P-DATA-TF PDU", State.STA6),
    DT_2("Issue P-DATA indication", State.STA6),
    AR_1("Send A-RELEASE-RQ PDU", State.STA7),
    AR_2("Issue A-RELEASE indication", State.STA8),
    AR_3("Issue A-RELEASE confirmation and close transport", State.STA1),
    AR_4("Send A-RELEASE-RP PDU and start ARTIM", State.STA13),
    AR_5("Stop ARTIM", State.STA1),
    AR_6("Issue P-DATA indication", State.STA7),
    AR_7("Send P-DATA-TF PDU", State.STA8),
    AR_8("Issue A-RELEASE indication (release collision)", null),
    AR_9("Send A-RELEASE-RP PDU", State.STA11),
    AR_10("Issue A-RELEASE confirmation", State.STA12),
    AA_1("Send A-ABORT PDU (service-user source) and start ARTIM", State.STA13),
    AA_2("Stop ARTIM if running and close transport", State.STA1),
    AA_3("Issue A-ABORT or A-P-ABORT indication and close transport", State.STA1),
    AA_4("Issue A-P-ABORT indication", State.STA1),
    AA_5("Stop ARTIM", State.STA1),
    AA_6("Ignore PDU", State.STA13),
    AA_7("Send A-ABORT PDU", State.STA13),
    AA_8("Send A-ABORT PDU (service-provider source), issue A-P-ABORT, start ARTIM", State.STA13);

    final String description;
    final State next;

    Action(String description, State next) {
      this.description = description;
      this.next = next;
    }
  }

  private static final Map<Event, Map<State, Action>> TABLE = new EnumMap<>(Event.class);

  private static void on(Event e, Action a, State... states) {
    Map<State, Action> row = TABLE.computeIfAbsent(e, k -> new EnumMap<>(State.class));
    for (State s : states) {
      row.put(s, a);
    }
  }

  private static State[] range(State from, State to) {
    State[] all = State.values();
    State[] r = new State[to.ordinal() - from.ordinal() + 1];
    System.arraycopy(all, from.ordinal(), r, 0, r.length);
    return r;
  }

  static {
    State s1 = State.STA1;
    State s2 = State.STA2;
    State s3 = State.STA3;
    State s4 = State.STA4;
    State s5 = State.STA5;
    State s6 = State.STA6;
    State s7 = State.STA7;
    State s8 = State.STA8;
    State s9 = State.STA9;
    State s10 = State.STA10;
    State s11 = State.STA11;
    State s12 = State.STA12;
    State s13 = State.STA13;
    on(Event.EVT1, Action.AE_1, s1);
    on(Event.EVT2, Action.AE_2, s4);
    on(Event.EVT3, Action.AA_1, s2);
    on(Event.EVT3, Action.AA_8, s3, s6, s7, s8, s9, s10, s11, s12);
    on(Event.EVT3, Action.AE_3, s5);
    on(Event.EVT3, Action.AA_6, s13);
    on(Event.EVT4, Action.AA_1, s2);
    on(Event.EVT4, Action.AA_8, s3, s6, s7, s8, s9, s10, s11, s12);
    on(Event.EVT4, Action.AE_4, s5);
    on(Event.EVT4, Action.AA_6, s13);
    on(Event.EVT5, Action.AE_5, s1);
    on(Event.EVT6, Action.AE_6, s2);
    on(Event.EVT6, Action.AA_8, s3, s5, s6, s7, s8, s9, s10, s11, s12);
    on(Event.EVT6, Action.AA_7, s13);
    on(Event.EVT7, Action.AE_7, s3);
    on(Event.EVT8, Action.AE_8, s3);
    on(Event.EVT9, Action.DT_1, s6);
    on(Event.EVT9, Action.AR_7, s8);
    on(Event.EVT10, Action.AA_1, s2);
    on(Event.EVT10, Action.AA_8, s3, s5, s8, s9, s10, s11, s12);
    on(Event.EVT10, Action.DT_2, s6);
    on(Event.EVT10, Action.AR_6, s7);
    on(Event.EVT10, Action.AA_6, s13);
    on(Event.EVT11, Action.AR_1, s6);
    on(Event.EVT12, Action.AA_1, s2);
    on(Event.EVT12, Action.AA_8, s3, s5, s8, s9, s10, s11, s12);
    on(Event.EVT12, Action.AR_2, s6);
    on(Event.EVT12, Action.AR_8, s7);
    on(Event.EVT12, Action.AA_6, s13);
    on(Event.EVT13, Action.AA_1, s2);
    on(Event.EVT13, Action.AA_8, s3, s5, s6, s8, s9, s12);
    on(Event.EVT13, Action.AR_3, s7, s11);
    on(Event.EVT13, Action.AR_10, s10);
    on(Event.EVT13, Action.AA_6, s13);
    on(Event.EVT14, Action.AR_4, s8, s12);
    on(Event.EVT14, Action.AR_9, s9);
    on(Event.EVT15, Action.AA_1, s3);
    on(Event.EVT15, Action.AA_2, s4);
    on(Event.EVT15, Action.AA_1, range(s5, s12));
    on(Event.EVT16, Action.AA_2, s2, s13);
    on(Event.EVT16, Action.AA_3, range(s3, s12));
    on(Event.EVT17, Action.AA_5, s2);
    on(Event.EVT17, Action.AA_4, range(s3, s12));
    on(Event.EVT17, Action.AR_5, s13);
    on(Event.EVT18, Action.AA_2, s2, s13);
    on(Event.EVT19, Action.AA_1, s2);
    on(Event.EVT19, Action.AA_8, range(s3, s12));
    on(Event.EVT19, Action.AA_7, s13);
  }

  private State state = State.STA1;
  private final boolean requestor;

  StateMachine(boolean requestor) {
    this.requestor = requestor;
  }

  synchronized State state() {
    return state;
  }

  /**
   * Applies an event and returns the action the table prescribes; the state moves on. An event that
   * the table does not allow in the current state throws {@link IllegalStateException}.
   *
   * @param accepted for AE-6 only: whether the association request is acceptable
   */
  synchronized Action apply(Event event, boolean accepted) {
    Action action = TABLE.getOrDefault(event, Map.of()).get(state);
    if (action == null) {
      throw new IllegalStateException(event.description + " is not valid in " + state.description);
    }
    state =
        switch (action) {
          case AE_6 -> accepted ? State.STA3 : State.STA13;
          case AR_8 -> requestor ? State.STA9 : State.STA10;
          default -> action.next;
        };
    return action;
  }

  Action apply(Event event) {
    return apply(event, true);
  }
}
