package ward.archive.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values taken from a request (path parameters, query parameters) checked at the edge, before
 * anything else sees them: a value that fails is answered 400 and goes no further. Nothing taken
 * from a request is ever used as a file name.
 */
final class RequestValues {
  // PS3.5 9.1: digits and dots, no empty or zero-led components, at most 64 characters.
  private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

  private RequestValues() {}

  static boolean isUid(String s) {
    return s != null && !s.isEmpty() && s.length() <= 64 && UID.matcher(s).matches();
  }

  /** A path parameter that must be a UID. */
  static String uid(Context ctx, String param) throws WebException {
    return uid(ctx.pathParam(param), param);
  }

  /** A value that must be a UID. */
  static String uid(String value, String what) throws WebException {
    if (!isUid(value)) {
      throw WebException.badRequest(what + " is not a valid UID");
    }
    return value;
  }

  /** An integer in {@code [min, max]}. */
  static int integer(String value, String what, int min, int max) throws WebException {
    if (value == null || value.isEmpty() || value.length() > 10) {
      throw WebException.badRequest(what + " must be an integer from " + min + " to " + max);
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        throw WebException.badRequest(what + " must be an integer from " + min + " to " + max);
      }
    }
    long v = Long.parseLong(value);
    if (v < min || v > max) {
      throw WebException.badRequest(what + " must be an integer from " + min + " to " + max);
    }
    return (int) v;
  }

  /** A comma-separated list of frame numbers (PS3.18 8.3.2 {frames}): each at least 1. */
  static List<Integer> frameList(String value) throws WebException {
    if (value == null || value.isEmpty() || value.length() > 4096) {
      throw WebException.badRequest("frames must be a list of frame numbers");
    }
    List<Integer> frames = new ArrayList<>();
    for (String f : value.split(",", -1)) {
      frames.add(integer(f.strip(), "a frame number", 1, Integer.MAX_VALUE));
    }
    return frames;
  }

  /** The single value of a query parameter, or null when absent; given twice is a 400. */
  static String single(Context ctx, String name) throws WebException {
    List<String> values = ctx.queryParams(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw WebException.badRequest("the parameter " + name + " is given more than once");
    }
    return values.get(0);
  }
}
