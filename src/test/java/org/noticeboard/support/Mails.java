package org.noticeboard.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server for tests (GreenMail on a free loopback port), the settings that point
 * Noticeboard at it, and reading what it received: messages to one address, their HTML part, an attachment.
 */
public final class Mails {
  private Mails() {}

  public static GreenMail server() {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return smtp;
  }

  /** Configuration that sends Noticeboard's mail to {@code smtp}. */
  public static JsonObject config(GreenMail smtp) {
    return new JsonObject().put("NB_SMTP_HOST", "127.0.0.1").put("NB_SMTP_PORT", smtp.getSmtp().getPort())
        .put("NB_SMTP_TLS", "none");
  }

  public static List<MimeMessage> to(GreenMail smtp, String address) {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      try {
        for (var a : m.getAllRecipients()) {
          if (((InternetAddress) a).getAddress().equalsIgnoreCase(address)) {
            out.add(m);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  public static String html(MimeMessage m) throws Exception {
    return part(m.getContent(), "text/html");
  }

  /** The first body part of a MIME type, searched through nested multiparts; null if none. */
  public static String part(Object content, String type) throws Exception {
    if (content instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart p = mp.getBodyPart(i);
        if (p.isMimeType(type)) {
          return (String) p.getContent();
        }
        String inner = part(p.getContent(), type);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  public static byte[] attachment(MimeMessage m, String filename) throws Exception {
    Multipart mp = (Multipart) m.getContent();
    for (int i = 0; i < mp.getCount(); i++) {
      BodyPart p = mp.getBodyPart(i);
      if (filename.equals(p.getFileName())) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        return out.toByteArray();
      }
    }
    throw new AssertionError("no attachment " + filename);
  }
}
