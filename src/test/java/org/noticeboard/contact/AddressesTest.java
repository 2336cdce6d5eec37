package org.noticeboard.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Phone numbers in E.164, UK as the default region, including the other regions that share +44. */
class AddressesTest {
  @Test
  void phonesAcrossTheRegionsOfPlus44AndAbroad() {
    assertEquals(Optional.of("+447600123456"), Addresses.phone("07600 123456"), "GB mobile");
    assertEquals(Optional.of("+447797123456"), Addresses.phone("07797 123456"), "Jersey mobile");
    assertEquals(Optional.of("+447797123456"), Addresses.phone("+44 7797 123456"));
    assertEquals(Optional.of("+447911123456"), Addresses.phone("07911 123456"), "Guernsey mobile");
    assertEquals(Optional.of("+447624123456"), Addresses.phone("07624 123456"), "Isle of Man mobile");
    assertEquals(Optional.of("+441534123456"), Addresses.phone("01534 123456"), "Jersey landline");
    assertEquals(Optional.of("+48512345678"), Addresses.phone("+48 512 345 678"), "Polish mobile");
    assertEquals(Optional.of("+353851234567"), Addresses.phone("+353 85 123 4567"), "Irish mobile");
    assertEquals(Optional.empty(), Addresses.phone("07700 900123"), "a range libphonenumber does not know as allocated");
    assertEquals(Optional.empty(), Addresses.phone("12345"));
    assertEquals(Optional.empty(), Addresses.phone("not a number"));
  }
}
