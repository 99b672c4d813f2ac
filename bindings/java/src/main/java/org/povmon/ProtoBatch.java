package org.povmon;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.povmon.v1.Decision;
import org.povmon.v1.Household;

/**
 * The C ABI's protobuf batch framing: households as varint-length-prefixed records in (what
 * {@code writeDelimitedTo} writes), and per record a varint status, a varint length and that many
 * bytes out (the Decision, or the UTF-8 error message).
 */
final class ProtoBatch {
  private ProtoBatch() {}

  static byte[] encode(List<Household> households) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      for (Household household : households) {
        household.writeDelimitedTo(bytes);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  static List<BatchResult> decode(byte[] out, List<Household> households, long firstIndex) {
    List<BatchResult> results = new ArrayList<>(households.size());
    CodedInputStream in = CodedInputStream.newInstance(out);
    try {
      while (!in.isAtEnd()) {
        int status = in.readRawVarint32();
        byte[] body = in.readByteArray();
        int i = results.size();
        if (status == 0) {
          results.add(new BatchResult(Decision.parseFrom(body)));
        } else {
          String id = i < households.size() ? households.get(i).getId() : null;
          results.add(
              new BatchResult(
                  null,
                  PovmonException.of(
                      status,
                      new String(body, StandardCharsets.UTF_8),
                      firstIndex + i,
                      id == null || id.isEmpty() ? null : id,
                      null)));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw PovmonException.of(
          PovmonException.DATA_LOSS, "povmon_evaluate_batch: " + e.getMessage(), -1, null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (results.size() != households.size()) {
      throw PovmonException.of(
          PovmonException.INTERNAL,
          "povmon_evaluate_batch returned " + results.size() + " results for "
              + households.size() + " households",
          -1,
          null,
          null);
    }
    return results;
  }
}
