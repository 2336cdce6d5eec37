package org.noticeboard.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Reading what a GreenMail server received: messages to one address, their HTML part, an attachment. */
public final class Mails {
  private Mails() {}

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
