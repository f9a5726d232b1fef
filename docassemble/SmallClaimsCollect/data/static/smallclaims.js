/* The interviews' behaviour on top of docassemble's (ky_shared.yml loads it). */

/* A field's error message stays when the field loses focus and goes once the person types a
   fix (jQuery Validate still checks on each key and on Continue). By default it also goes on
   losing focus: on a phone, tapping Continue after fixing a field takes the focus away, the message
   above the button disappears, the button moves up under the finger, and the tap misses it. */
$.validator.setDefaults({ onfocusout: false });
