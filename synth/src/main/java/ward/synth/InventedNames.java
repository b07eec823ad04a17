package ward.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Person names put together from invented syllables: a given name from an opening and an ending
 * syllable, a family name likewise. The lists are small and the combinations are made up; they name
 * nobody.
 */
final class InventedNames {

  private static final List<String> GIVEN_START =
      List.of(
          "Al", "Bri", "Cal", "Dor", "El", "Fen", "Gal", "Hal", "Is", "Jor", "Kel", "Lin", "Mar",
          "Nor", "Or", "Per", "Quil", "Ren", "Sil", "Tor", "Ul", "Vel", "Wen", "Yor", "Zan");
  private static final List<String> GIVEN_END =
      List.of("a", "en", "ia", "ic", "ido", "in", "is", "o", "or", "una", "ys", "eth");
  private static final List<String> FAMILY_START =
      List.of(
          "Ash", "Bram", "Cor", "Dun", "Eld", "Fal", "Gor", "Hath", "Iv", "Kest", "Lor", "Mor",
          "Nesh", "Orm", "Pell", "Quor", "Rav", "Sorn", "Thal", "Varn", "Wick", "Yarr", "Zell");
  private static final List<String> FAMILY_END =
      List.of(
          "abeck", "anwy", "brin", "dale", "elt", "enor", "holm", "ivar", "mere", "orrin", "stow",
          "ulby", "vane", "wyn");

  private InventedNames() {}

  /** A person name value (PS3.5 6.2, PN): {@code Family^Given}. */
  static String personName(SplittableRandom r) {
    String family = pick(r, FAMILY_START) + pick(r, FAMILY_END);
    String given = pick(r, GIVEN_START) + pick(r, GIVEN_END);
    return family + "^" + given;
  }

  private static String pick(SplittableRandom r, List<String> choices) {
    return choices.get(r.nextInt(choices.size()));
  }
}
