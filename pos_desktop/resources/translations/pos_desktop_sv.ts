<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv">
  <context>
    <name>AddressDialog</name>
    <message>
      <source>New address</source>
      <translation>Ny adress</translation>
    </message>
    <message>
      <source>Edit address</source>
      <translation>Redigera adress</translation>
    </message>
    <message>
      <source>Primary address</source>
      <translation>Primär adress</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Lägg till adress</translation>
    </message>
    <message>
      <source>Save address</source>
      <translation>Spara adress</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Avbryt</translation>
    </message>
    <message>
      <source>The contact name and phone default to the customer's.</source>
      <translation>Kontaktnamn och telefon är som standard kundens.</translation>
    </message>
  </context>
  <context>
    <name>ChoiceBar</name>
    <message>
      <source>&amp;Keep HQ's value</source>
      <translation>&amp;Behåll huvudkontorets värde</translation>
    </message>
    <message>
      <source>&amp;Use mine</source>
      <translation>&amp;Använd mitt</translation>
    </message>
    <message>
      <source>&amp;Dismiss</source>
      <translation>Avfär&amp;da</translation>
    </message>
    <message>
      <source>HQ refused this terminal's change of {fields}; HQ's data is shown.</source>
      <translation>Huvudkontoret avvisade kassans ändring av {fields}; huvudkontorets uppgifter visas.</translation>
    </message>
    <message>
      <source>Sign in to choose.</source>
      <translation>Logga in för att välja.</translation>
    </message>
    <message>
      <source>This terminal's value is saved.</source>
      <translation>Kassans värde är sparat.</translation>
    </message>
    <message>
      <source>HQ's value is kept.</source>
      <translation>Huvudkontorets värde behålls.</translation>
    </message>
    <message>
      <source>Dismissed.</source>
      <translation>Avfärdad.</translation>
    </message>
  </context>
  <context>
    <name>CustomerFields</name>
    <message>
      <source>Person</source>
      <translation>Person</translation>
    </message>
    <message>
      <source>Organization</source>
      <translation>Organisation</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Typ</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titel</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Förnamn</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Mellannamn</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Efternamn</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Organisationsnamn</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-post</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefon</translation>
    </message>
    <message>
      <source>Defaults from the store's default customer ({name}); change them if needed.</source>
      <translation>Standardvärden från butikens standardkund ({name}); ändra vid behov.</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>Skriv ut</translation>
    </message>
    <message>
      <source>Print and email</source>
      <translation>Skriv ut och e-posta</translation>
    </message>
    <message>
      <source>No receipt</source>
      <translation>Inget kvitto</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Kvitto</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>E-post för kvitto</translation>
    </message>
    <message>
      <source>inherited: {email}</source>
      <translation>ärvd: {email}</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Kundgrupp</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Valuta</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Språk</translation>
    </message>
    <message>
      <source>Financial dimensions come from the default customer's group.</source>
      <translation>Ekonomiska dimensioner kommer från standardkundens grupp.</translation>
    </message>
    <message>
      <source>Financial dimensions</source>
      <translation>Ekonomiska dimensioner</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Attribut</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Kund</translation>
    </message>
    <message>
      <source>Receipt and account</source>
      <translation>Kvitto och konto</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Anknytningar</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Fler e-postadresser och telefoner</translation>
    </message>
    <message>
      <source>Main details</source>
      <translation>Huvuduppgifter</translation>
    </message>
    <message>
      <source>More details</source>
      <translation>Fler uppgifter</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Kontakt</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>Kontakter</translation>
    </message>
  </context>
  <context>
    <name>CustomerPanel</name>
    <message>
      <source>No customer</source>
      <translation>Ingen kund</translation>
    </message>
    <message>
      <source>Press Customer search (F2) or Customer add (F3).</source>
      <translation>Tryck på Sök kund (F2) eller Lägg till kund (F3).</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(inget namn)</translation>
    </message>
    <message>
      <source>Loyalty card: {cards}</source>
      <translation>Kundkort: {cards}</translation>
    </message>
    <message>
      <source>No loyalty card</source>
      <translation>Inget kundkort</translation>
    </message>
    <message>
      <source>Customer removed</source>
      <translation>Kunden borttagen</translation>
    </message>
    <message>
      <source>Their data was erased at HQ. Attach another customer if needed.</source>
      <translation>Kundens uppgifter har raderats på huvudkontoret. Koppla en annan kund vid behov.</translation>
    </message>
  </context>
  <context>
    <name>DetailsPage</name>
    <message>
      <source>Back</source>
      <translation>Tillbaka</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Lägg till i transaktionen</translation>
    </message>
    <message>
      <source>Save changes</source>
      <translation>Spara ändringar</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Adresser</translation>
    </message>
    <message>
      <source>Loyalty</source>
      <translation>Lojalitet</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Ändamål</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Gatuadress</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Ort</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>Postnummer</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Land</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Kontakt</translation>
    </message>
    <message>
      <source>Primary</source>
      <translation>Primär</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Lägg till adress</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Redigera</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Ta bort</translation>
    </message>
    <message>
      <source>Set primary</source>
      <translation>Gör till primär</translation>
    </message>
    <message>
      <source>Issue loyalty card</source>
      <translation>Utfärda kundkort</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(inget namn)</translation>
    </message>
    <message>
      <source>Saved on this terminal; it goes to HQ with the next sync.</source>
      <translation>Sparat i den här kassan; skickas till huvudkontoret vid nästa synkronisering.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: {reason}</source>
      <translation>Huvudkontoret avvisade kunden: {reason}</translation>
    </message>
    <message>
      <source>No loyalty card yet.</source>
      <translation>Inget kundkort ännu.</translation>
    </message>
    <message>
      <source>Correct and resubmit</source>
      <translation>Rätta och skicka igen</translation>
    </message>
    <message>
      <source>Corrected and resubmitted: pending sync again.</source>
      <translation>Rättad och skickad igen: väntar på synkronisering igen.</translation>
    </message>
    <message>
      <source>Saved at HQ.</source>
      <translation>Sparat på huvudkontoret.</translation>
    </message>
    <message>
      <source>Saved on this terminal: the change goes to HQ with the next sync.</source>
      <translation>Sparat i den här kassan: ändringen skickas till huvudkontoret vid nästa synkronisering.</translation>
    </message>
    <message>
      <source>Address added.</source>
      <translation>Adressen har lagts till.</translation>
    </message>
    <message>
      <source>Remove address</source>
      <translation>Ta bort adress</translation>
    </message>
    <message>
      <source>Remove the address {address} from this customer at HQ?</source>
      <translation>Ta bort adressen {address} från kunden på huvudkontoret?</translation>
    </message>
    <message>
      <source>Loyalty card issued.</source>
      <translation>Kundkort utfärdat.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>POS Desktop — {store}</source>
      <translation>POS Desktop — {store}</translation>
    </message>
    <message>
      <source>&lt;b&gt;{name}&lt;/b&gt; · {store} · terminal {terminal}</source>
      <translation>&lt;b&gt;{name}&lt;/b&gt; · {store} · kassa {terminal}</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>Logga ut</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Språk</translation>
    </message>
    <message>
      <source>Store manager</source>
      <translation>Butikschef</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Kassör</translation>
    </message>
    <message>
      <source>{name} ({id}) · {role}</source>
      <translation>{name} ({id}) · {role}</translation>
    </message>
    <message>
      <source>Not signed in</source>
      <translation>Inte inloggad</translation>
    </message>
  </context>
  <context>
    <name>NewCustomerDialog</name>
    <message>
      <source>New customer</source>
      <translation>Ny kund</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Avbryt</translation>
    </message>
    <message>
      <source>Save customer</source>
      <translation>Spara kund</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Adresser</translation>
    </message>
    <message>
      <source>Saving is unavailable until the HQ link returns.</source>
      <translation>Det går inte att spara förrän förbindelsen med huvudkontoret är tillbaka.</translation>
    </message>
    <message>
      <source>Possible duplicates — is the customer already known?</source>
      <translation>Möjliga dubbletter — finns kunden redan?</translation>
    </message>
    <message>
      <source>Use this customer instead</source>
      <translation>Använd den här kunden i stället</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Sparar…</translation>
    </message>
    <message>
      <source>Discard this new customer?</source>
      <translation>Kassera den här nya kunden?</translation>
    </message>
    <message>
      <source>What you typed will be lost.</source>
      <translation>Det du har skrivit går förlorat.</translation>
    </message>
    <message>
      <source>&amp;Discard</source>
      <translation>&amp;Kassera</translation>
    </message>
    <message>
      <source>&amp;Keep editing</source>
      <translation>&amp;Fortsätt redigera</translation>
    </message>
  </context>
  <context>
    <name>POS</name>
    <message>
      <source>Primary address</source>
      <translation>Primär adress</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Ta bort</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Lägg till adress</translation>
    </message>
    <message>
      <source>{purpose} · primary address</source>
      <translation>{purpose} · primär adress</translation>
    </message>
    <message>
      <source>same phone</source>
      <translation>samma telefon</translation>
    </message>
    <message>
      <source>same email</source>
      <translation>samma e-post</translation>
    </message>
    <message>
      <source>same name and ZIP</source>
      <translation>samma namn och postnummer</translation>
    </message>
    <message>
      <source>all stores (HQ)</source>
      <translation>alla butiker (huvudkontor)</translation>
    </message>
    <message>
      <source>this store</source>
      <translation>den här butiken</translation>
    </message>
    <message>
      <source>(empty)</source>
      <translation>(tomt)</translation>
    </message>
    <message>
      <source>(removed)</source>
      <translation>(borttagen)</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>ja</translation>
    </message>
    <message>
      <source>no</source>
      <translation>nej</translation>
    </message>
    <message>
      <source>{field}: HQ has “{hq}”, this terminal had “{mine}”</source>
      <translation>{field}: huvudkontoret har ”{hq}”, kassan hade ”{mine}”</translation>
    </message>
    <message>
      <source>{name} — {what}</source>
      <translation>{name} — {what}</translation>
    </message>
    <message>
      <source>POS Desktop</source>
      <translation>POS Desktop</translation>
    </message>
    <message>
      <source>Something went wrong inside the register ({error}). What you were doing may not have been finished: check it, and tell IT if it happens again.</source>
      <translation>Något gick fel i kassan ({error}). Det du höll på med kanske inte slutfördes: kontrollera det och meddela IT om det händer igen.</translation>
    </message>
    <message>
      <source>The details are in the log: {path}</source>
      <translation>Detaljerna finns i loggen: {path}</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Ändamål</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Gatuadress</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Ort</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Län</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>Postnummer</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Land</translation>
    </message>
    <message>
      <source>Contact name</source>
      <translation>Kontaktnamn</translation>
    </message>
    <message>
      <source>Contact phone</source>
      <translation>Kontakttelefon</translation>
    </message>
    <message>
      <source>ZIP and city</source>
      <translation>Postnummer och ort</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Kontakt</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Namn</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefon</translation>
    </message>
    <message>
      <source>This store defines no customer attributes.</source>
      <translation>Butiken har inga kundattribut.</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>Ja</translation>
    </message>
    <message>
      <source>— choose —</source>
      <translation>— välj —</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>inte angivet</translation>
    </message>
    <message>
      <source>a number</source>
      <translation>ett tal</translation>
    </message>
    <message>
      <source>another email</source>
      <translation>en annan e-postadress</translation>
    </message>
    <message>
      <source>another phone</source>
      <translation>ett annat telefonnummer</translation>
    </message>
    <message>
      <source>Marketing consent</source>
      <translation>Samtycke till marknadsföring</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-post</translation>
    </message>
    <message>
      <source>Add email</source>
      <translation>Lägg till e-post</translation>
    </message>
    <message>
      <source>Add phone</source>
      <translation>Lägg till telefon</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>Konto</translation>
    </message>
    <message>
      <source>Store</source>
      <translation>Butik</translation>
    </message>
    <message>
      <source>All stores (HQ)</source>
      <translation>Alla butiker (huvudkontor)</translation>
    </message>
    <message>
      <source>This store</source>
      <translation>Den här butiken</translation>
    </message>
    <message>
      <source>Rejected by HQ</source>
      <translation>Avvisad av huvudkontoret</translation>
    </message>
    <message>
      <source>{account} · change pending sync</source>
      <translation>{account} · ändring väntar på synkronisering</translation>
    </message>
    <message>
      <source>Pending sync</source>
      <translation>Väntande synkronisering</translation>
    </message>
    <message>
      <source>number</source>
      <translation>tal</translation>
    </message>
    <message>
      <source>date</source>
      <translation>datum</translation>
    </message>
    <message>
      <source>yes/no</source>
      <translation>ja/nej</translation>
    </message>
    <message>
      <source>choice</source>
      <translation>val</translation>
    </message>
    <message>
      <source>text</source>
      <translation>text</translation>
    </message>
    <message>
      <source>enhanced async customers</source>
      <translation>utökade asynkrona kunder</translation>
    </message>
    <message>
      <source>async customer addresses</source>
      <translation>adresser för asynkrona kunder</translation>
    </message>
    <message>
      <source>async customer edits</source>
      <translation>asynkrona kundändringar</translation>
    </message>
    <message>
      <source>multiple contacts and marketing consent</source>
      <translation>flera kontakter och marknadsföringssamtycke</translation>
    </message>
    <message>
      <source>required</source>
      <translation>obligatoriskt</translation>
    </message>
    <message>
      <source>wrong kind of value</source>
      <translation>fel typ av värde</translation>
    </message>
    <message>
      <source>not allowed here</source>
      <translation>inte tillåtet här</translation>
    </message>
    <message>
      <source>a person needs a first or last name</source>
      <translation>en person behöver ett förnamn eller efternamn</translation>
    </message>
    <message>
      <source>not a valid e-mail address</source>
      <translation>ogiltig e-postadress</translation>
    </message>
    <message>
      <source>not a valid phone number</source>
      <translation>ogiltigt telefonnummer</translation>
    </message>
    <message>
      <source>not a valid currency code</source>
      <translation>ogiltig valutakod</translation>
    </message>
    <message>
      <source>not a valid language code</source>
      <translation>ogiltig språkkod</translation>
    </message>
    <message>
      <source>not a valid country code</source>
      <translation>ogiltig landskod</translation>
    </message>
    <message>
      <source>an e-mail receipt needs a receipt e-mail address</source>
      <translation>kvitto via e-post kräver en e-postadress för kvitton</translation>
    </message>
    <message>
      <source>unknown attribute</source>
      <translation>okänt attribut</translation>
    </message>
    <message>
      <source>required attribute is missing</source>
      <translation>obligatoriskt attribut saknas</translation>
    </message>
    <message>
      <source>an address needs a street, a city or a ZIP code</source>
      <translation>en adress behöver gata, ort eller postnummer</translation>
    </message>
    <message>
      <source>the same id twice</source>
      <translation>samma id två gånger</translation>
    </message>
    <message>
      <source>only one address can be primary</source>
      <translation>endast en adress kan vara primär</translation>
    </message>
    <message>
      <source>not a valid id</source>
      <translation>ogiltigt id</translation>
    </message>
    <message>
      <source>the id belongs to a customer of another store</source>
      <translation>id:t tillhör en kund i en annan butik</translation>
    </message>
    <message>
      <source>unknown customer</source>
      <translation>okänd kund</translation>
    </message>
    <message>
      <source>unknown value “{value}”</source>
      <translation>okänt värde ”{value}”</translation>
    </message>
    <message>
      <source>needs the “{feature}” feature</source>
      <translation>kräver funktionen ”{feature}”</translation>
    </message>
    <message>
      <source>not a valid {type}</source>
      <translation>ogiltigt värde ({type})</translation>
    </message>
    <message>
      <source>Please correct: {fields}</source>
      <translation>Rätta: {fields}</translation>
    </message>
    <message>
      <source>Something went wrong: {error}</source>
      <translation>Något gick fel: {error}</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>Hem</translation>
    </message>
    <message>
      <source>Business</source>
      <translation>Företag</translation>
    </message>
    <message>
      <source>Office</source>
      <translation>Kontor</translation>
    </message>
    <message>
      <source>Post box</source>
      <translation>Postbox</translation>
    </message>
    <message>
      <source>Waiting for HQ</source>
      <translation>Väntar på huvudkontoret</translation>
    </message>
    <message>
      <source>Synced</source>
      <translation>Synkroniserad</translation>
    </message>
    <message>
      <source>Change pending sync</source>
      <translation>Ändring väntar på synkronisering</translation>
    </message>
    <message>
      <source>never</source>
      <translation>aldrig</translation>
    </message>
    <message numerus="yes">
      <source>at most %n character(s)</source>
      <translation>
        <numerusform>högst %n tecken</numerusform>
        <numerusform>högst %n tecken</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>at least %n character(s)</source>
      <translation>
        <numerusform>minst %n tecken</numerusform>
        <numerusform>minst %n tecken</numerusform>
      </translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titel</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Förnamn</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Mellannamn</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Efternamn</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Organisationsnamn</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>E-post för kvitto</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Kundgrupp</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Valuta</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Anknytningar</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Fler e-postadresser och telefoner</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Adress</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Attribut</translation>
    </message>
    <message>
      <source>Customer id</source>
      <translation>Kund-id</translation>
    </message>
    <message>
      <source>the customer's data was erased at HQ (right to be forgotten)</source>
      <translation>kundens uppgifter har raderats på huvudkontoret (rätten att bli glömd)</translation>
    </message>
  </context>
  <context>
    <name>RegisterPage</name>
    <message>
      <source>Current transaction</source>
      <translation>Aktuell transaktion</translation>
    </message>
    <message>
      <source>No items yet. Scan or key in items to start the sale.</source>
      <translation>Inga artiklar ännu. Skanna eller knappa in artiklar för att starta försäljningen.</translation>
    </message>
    <message>
      <source>Total {amount}</source>
      <translation>Totalt {amount}</translation>
    </message>
    <message>
      <source>Customer add	F3</source>
      <translation>Lägg till kund	F3</translation>
    </message>
    <message>
      <source>Customer search	F2</source>
      <translation>Sök kund	F2</translation>
    </message>
    <message>
      <source>Customer clear</source>
      <translation>Rensa kund</translation>
    </message>
    <message>
      <source>Customer details</source>
      <translation>Kunduppgifter</translation>
    </message>
    <message>
      <source>Disconnect</source>
      <translation>Koppla från</translation>
    </message>
    <message>
      <source>Sync worklist	F6</source>
      <translation>Synklista	F6</translation>
    </message>
    <message>
      <source>Operations</source>
      <translation>Åtgärder</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>Anslut</translation>
    </message>
    <message>
      <source>This terminal has no HQ link configured.</source>
      <translation>Den här kassan har ingen förbindelse med huvudkontoret konfigurerad.</translation>
    </message>
  </context>
  <context>
    <name>SearchPage</name>
    <message>
      <source>Back</source>
      <translation>Tillbaka</translation>
    </message>
    <message>
      <source>Back to the register (Esc)</source>
      <translation>Tillbaka till kassan (Esc)</translation>
    </message>
    <message>
      <source>Search customers: name, phone, email, account number, ZIP…</source>
      <translation>Sök kunder: namn, telefon, e-post, kontonummer, postnummer…</translation>
    </message>
    <message>
      <source>Create customer</source>
      <translation>Skapa kund</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Lägg till i transaktionen</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Detaljer</translation>
    </message>
    <message>
      <source>Search all stores</source>
      <translation>Sök i alla butiker</translation>
    </message>
    <message>
      <source>Type a name, phone, email, account number or ZIP.</source>
      <translation>Skriv ett namn, telefonnummer, e-post, kontonummer eller postnummer.</translation>
    </message>
    <message>
      <source>No customers found at HQ.</source>
      <translation>Inga kunder hittades på huvudkontoret.</translation>
    </message>
    <message>
      <source>No customers found on this terminal.</source>
      <translation>Inga kunder hittades i den här kassan.</translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) in all stores (HQ)</source>
      <translation>
        <numerusform>%n kund i alla butiker (huvudkontor)</numerusform>
        <numerusform>%n kunder i alla butiker (huvudkontor)</numerusform>
      </translation>
    </message>
    <message>
      <source>No customer matches every word; these match some of them.</source>
      <translation>Ingen kund matchar alla ord; dessa matchar några av dem.</translation>
    </message>
    <message numerus="yes">
      <source>First %n customer(s): type more to narrow the search.</source>
      <translation>
        <numerusform>Den första kunden: skriv mer för att begränsa sökningen.</numerusform>
        <numerusform>De första %n kunderna: skriv mer för att begränsa sökningen.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n kund</numerusform>
        <numerusform>%n kunder</numerusform>
      </translation>
    </message>
    <message>
      <source>Search failed: {error}</source>
      <translation>Sökningen misslyckades: {error}</translation>
    </message>
    <message>
      <source>Searching all stores…</source>
      <translation>Söker i alla butiker…</translation>
    </message>
    <message>
      <source>HQ could not be reached; only this store's customers are shown.</source>
      <translation>Huvudkontoret gick inte att nå; endast den här butikens kunder visas.</translation>
    </message>
    <message>
      <source>HQ search failed: {error}</source>
      <translation>Sökningen på huvudkontoret misslyckades: {error}</translation>
    </message>
    <message>
      <source>Search all stores needs the HQ link.</source>
      <translation>Sökning i alla butiker kräver förbindelse med huvudkontoret.</translation>
    </message>
    <message numerus="yes">
      <source>Search all stores needs at least %n character(s).</source>
      <translation>
        <numerusform>Sökning i alla butiker kräver minst %n tecken.</numerusform>
        <numerusform>Sökning i alla butiker kräver minst %n tecken.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SignInPage</name>
    <message>
      <source>e.g. 1001</source>
      <translation>t.ex. 1001</translation>
    </message>
    <message>
      <source>Operator ID</source>
      <translation>Operatörs-id</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Lösenord</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Logga in</translation>
    </message>
    <message>
      <source>POS Desktop</source>
      <translation>POS Desktop</translation>
    </message>
    <message>
      <source>{store} · terminal {terminal}</source>
      <translation>{store} · kassa {terminal}</translation>
    </message>
    <message>
      <source>Sign-in works offline: operators are checked on this terminal.</source>
      <translation>Inloggning fungerar offline: operatörer kontrolleras i den här kassan.</translation>
    </message>
    <message>
      <source>Enter your operator ID and password.</source>
      <translation>Ange ditt operatörs-id och lösenord.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Kontrollerar…</translation>
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message>
      <source>Checking the database…</source>
      <translation>Kontrollerar databasen…</translation>
    </message>
    <message>
      <source>Compacting the customer database after the update…</source>
      <translation>Kunddatabasen komprimeras efter uppdateringen…</translation>
    </message>
    <message>
      <source>This can take a minute or two. Searching works meanwhile; saving waits until it has finished.</source>
      <translation>Det kan ta en minut eller två. Sökning fungerar under tiden; sparande väntar tills det är klart.</translation>
    </message>
    <message>
      <source>Saving waits until the check has finished.</source>
      <translation>Sparande väntar tills kontrollen är klar.</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Synkronisera</translation>
    </message>
    <message>
      <source>Upload pending customers and fetch updates now</source>
      <translation>Skicka väntande kunder och hämta uppdateringar nu</translation>
    </message>
    <message>
      <source>Open the sync worklist (F6)</source>
      <translation>Öppna synkroniseringslistan (F6)</translation>
    </message>
    <message>
      <source>HQ: Offline (manual)</source>
      <translation>Huvudkontor: Offline (manuellt)</translation>
    </message>
    <message>
      <source>HQ: Online</source>
      <translation>Huvudkontor: Online</translation>
    </message>
    <message>
      <source>HQ: Offline</source>
      <translation>Huvudkontor: Offline</translation>
    </message>
    <message>
      <source>last contact {when}</source>
      <translation>senaste kontakt {when}</translation>
    </message>
    <message>
      <source>Last sync: {when}</source>
      <translation>Senast synkad: {when}</translation>
    </message>
    <message numerus="yes">
      <source>Pending sync: %n</source>
      <translation>
        <numerusform>Väntande synkronisering: %n</numerusform>
        <numerusform>Väntande synkronisering: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Rejected: %n</source>
      <translation>
        <numerusform>Avvisad: %n</numerusform>
        <numerusform>Avvisade: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Conflicts: %n</source>
      <translation>
        <numerusform>Konflikt: %n</numerusform>
        <numerusform>Konflikter: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Quarantined: %n</source>
      <translation>
        <numerusform>I karantän: %n</numerusform>
        <numerusform>I karantän: %n</numerusform>
      </translation>
    </message>
    <message>
      <source>Last sync: requested…</source>
      <translation>Synkning begärd…</translation>
    </message>
    <message>
      <source>New customers: {new} · Customers with changes: {changed}</source>
      <translation>Nya kunder: {new} · Kunder med ändringar: {changed}</translation>
    </message>
  </context>
  <context>
    <name>WorklistPage</name>
    <message>
      <source>Back</source>
      <translation>Tillbaka</translation>
    </message>
    <message>
      <source>Sync worklist</source>
      <translation>Synkroniseringslista</translation>
    </message>
    <message>
      <source>&amp;Show:</source>
      <translation>&amp;Visa:</translation>
    </message>
    <message>
      <source>Everything</source>
      <translation>Allt</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>Konflikter</translation>
    </message>
    <message>
      <source>Quarantined</source>
      <translation>I karantän</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Öppna</translation>
    </message>
    <message>
      <source>Open the customer to correct it (Enter)</source>
      <translation>Öppna kunden för att rätta den (Enter)</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Kund</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Ålder</translation>
    </message>
    <message>
      <source>Created by</source>
      <translation>Skapad av</translation>
    </message>
    <message>
      <source>Terminal</source>
      <translation>Terminal</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Orsak</translation>
    </message>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n post</numerusform>
        <numerusform>%n poster</numerusform>
      </translation>
    </message>
    <message>
      <source>Nothing to work on.</source>
      <translation>Inget att åtgärda.</translation>
    </message>
    <message>
      <source>Conflicts: another change reached HQ first, so HQ's value stands; keep it or use this terminal's value.</source>
      <translation>Konflikter: en annan ändring kom först till huvudkontoret, så dess värde gäller; behåll det eller använd kassans värde.</translation>
    </message>
    <message>
      <source>Rejected customers: open one (Enter), correct it and resubmit it. Pending ones go to HQ by themselves when the link is up.</source>
      <translation>Avvisade kunder: öppna en (Enter), rätta den och skicka in den igen. Väntande kunder skickas till huvudkontoret av sig själva när förbindelsen är uppe.</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>Konflikt</translation>
    </message>
    <message>
      <source>Change rejected by HQ</source>
      <translation>Ändring avvisad av huvudkontoret</translation>
    </message>
    <message>
      <source>Unreadable record</source>
      <translation>Oläsbar post</translation>
    </message>
    <message>
      <source>command line</source>
      <translation>kommandorad</translation>
    </message>
    <message>
      <source>{name} ({id})</source>
      <translation>{name} ({id})</translation>
    </message>
    <message numerus="yes">
      <source>%n min</source>
      <translation>
        <numerusform>%n min</numerusform>
        <numerusform>%n min</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n h</source>
      <translation>
        <numerusform>%n h</numerusform>
        <numerusform>%n h</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n d</source>
      <translation>
        <numerusform>%n d</numerusform>
        <numerusform>%n d</numerusform>
      </translation>
    </message>
    <message>
      <source>Changed: {fields}</source>
      <translation>Ändrat: {fields}</translation>
    </message>
  </context>
  <context>
    <name>domain</name>
    <message>
      <source>Only one address can be primary.</source>
      <translation>Bara en adress kan vara primär.</translation>
    </message>
    <message>
      <source>Not one of the allowed values.</source>
      <translation>Inte ett av de tillåtna värdena.</translation>
    </message>
    <message>
      <source>Required.</source>
      <translation>Obligatoriskt.</translation>
    </message>
    <message>
      <source>Not available for customers created asynchronously.</source>
      <translation>Inte tillgängligt för kunder som skapats asynkront.</translation>
    </message>
    <message>
      <source>Your role may not create customers in this store.</source>
      <translation>Din roll får inte skapa kunder i den här butiken.</translation>
    </message>
    <message>
      <source>Your role may not edit customers in this store.</source>
      <translation>Din roll får inte redigera kunder i den här butiken.</translation>
    </message>
    <message>
      <source>Your role may not add, change or remove addresses in this store.</source>
      <translation>Din roll får inte lägga till, ändra eller ta bort adresser i den här butiken.</translation>
    </message>
    <message>
      <source>Your role may not correct and resubmit rejected customers in this store.</source>
      <translation>Din roll får inte rätta och skicka in avvisade kunder igen i den här butiken.</translation>
    </message>
    <message>
      <source>Your role may not disconnect or connect the terminal in this store.</source>
      <translation>Din roll får inte koppla från eller ansluta terminalen i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not create customers in this store.</source>
      <translation>Din roll (kassör) får inte skapa kunder i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not edit customers in this store.</source>
      <translation>Din roll (kassör) får inte redigera kunder i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not add, change or remove addresses in this store.</source>
      <translation>Din roll (kassör) får inte lägga till, ändra eller ta bort adresser i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not correct and resubmit rejected customers in this store.</source>
      <translation>Din roll (kassör) får inte rätta och skicka in avvisade kunder igen i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not disconnect or connect the terminal in this store.</source>
      <translation>Din roll (kassör) får inte koppla från eller ansluta terminalen i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not create customers in this store.</source>
      <translation>Din roll (butikschef) får inte skapa kunder i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not edit customers in this store.</source>
      <translation>Din roll (butikschef) får inte redigera kunder i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not add, change or remove addresses in this store.</source>
      <translation>Din roll (butikschef) får inte lägga till, ändra eller ta bort adresser i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not correct and resubmit rejected customers in this store.</source>
      <translation>Din roll (butikschef) får inte rätta och skicka in avvisade kunder igen i den här butiken.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not disconnect or connect the terminal in this store.</source>
      <translation>Din roll (butikschef) får inte koppla från eller ansluta terminalen i den här butiken.</translation>
    </message>
    <message>
      <source>A customer created asynchronously takes one address: this store's async customer addresses feature is off.</source>
      <translation>En kund som skapas asynkront får en adress: butikens funktion för asynkrona kundadresser är avstängd.</translation>
    </message>
    <message>
      <source>This customer is pending sync and cannot be edited until HQ has assigned its account number.</source>
      <translation>Kunden väntar på synkronisering och kan inte redigeras förrän huvudkontoret har tilldelat kontonumret.</translation>
    </message>
    <message>
      <source>Editing customers needs the HQ link, which is down.</source>
      <translation>Redigering av kunder kräver förbindelsen med huvudkontoret, som är nere.</translation>
    </message>
    <message>
      <source>Addresses cannot be added to a customer pending sync (the async customer addresses feature is off).</source>
      <translation>Adresser kan inte läggas till en kund som väntar på synkronisering (funktionen asynkrona kundadresser är av).</translation>
    </message>
    <message>
      <source>Only customers HQ rejected can be resubmitted.</source>
      <translation>Endast kunder som huvudkontoret har avvisat kan skickas igen.</translation>
    </message>
    <message>
      <source>A loyalty card can be issued once the customer has synced.</source>
      <translation>Ett kundkort kan utfärdas när kunden har synkroniserats.</translation>
    </message>
    <message>
      <source>Issuing a loyalty card needs the HQ link.</source>
      <translation>Att utfärda kundkort kräver förbindelse med huvudkontoret.</translation>
    </message>
    <message>
      <source>Secondary emails and phones need the multiple contacts and marketing consent feature.</source>
      <translation>Extra e-postadresser och telefoner kräver funktionen flera kontakter och samtycke till marknadsföring.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not available in async mode.</source>
      <translation>Extra e-postadresser och telefoner är inte tillgängliga i asynkront läge.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not enabled for this store.</source>
      <translation>Fler e-postadresser och telefoner är inte aktiverade för den här butiken.</translation>
    </message>
    <message>
      <source>The customer is created at HQ now.</source>
      <translation>Kunden skapas på huvudkontoret direkt.</translation>
    </message>
    <message>
      <source>The store creates customers asynchronously: "Pending sync" until HQ assigns the account number.</source>
      <translation>Butiken skapar kunder asynkront: "Väntande synkronisering" tills huvudkontoret tilldelar kontonumret.</translation>
    </message>
    <message>
      <source>HQ is offline: the customer is saved here as "Pending sync" and uploaded when the link returns.</source>
      <translation>Huvudkontoret är offline: kunden sparas här som "Väntande synkronisering" och skickas när förbindelsen är tillbaka.</translation>
    </message>
    <message>
      <source>HQ is offline and this store keeps no customer data on the terminal, so customers cannot be created until the link returns.</source>
      <translation>Huvudkontoret är offline och butiken sparar inga kunddata i kassan, så kunder kan inte skapas förrän förbindelsen är tillbaka.</translation>
    </message>
    <message>
      <source>Remove control characters and invisible formatting characters.</source>
      <translation>Ta bort styrtecken och osynliga formateringstecken.</translation>
    </message>
    <message>
      <source>Must be a UUID.</source>
      <translation>Måste vara ett UUID.</translation>
    </message>
    <message>
      <source>At most {limit} characters.</source>
      <translation>Högst {limit} tecken.</translation>
    </message>
    <message>
      <source>At most {limit} addresses.</source>
      <translation>Högst {limit} adresser.</translation>
    </message>
    <message>
      <source>At most {limit} contacts.</source>
      <translation>Högst {limit} kontakter.</translation>
    </message>
    <message>
      <source>At most {limit} affiliations.</source>
      <translation>Högst {limit} anknytningar.</translation>
    </message>
    <message>
      <source>Use a two-letter country code.</source>
      <translation>Använd en landskod med två bokstäver.</translation>
    </message>
    <message>
      <source>Enter a street, city or ZIP.</source>
      <translation>Ange gatuadress, ort eller postnummer.</translation>
    </message>
    <message>
      <source>Choose a title from the list.</source>
      <translation>Välj en titel i listan.</translation>
    </message>
    <message>
      <source>Email receipts need an email.</source>
      <translation>Kvitton via e-post kräver en e-postadress.</translation>
    </message>
    <message>
      <source>Unknown customer group.</source>
      <translation>Okänd kundgrupp.</translation>
    </message>
    <message>
      <source>Use a three-letter code.</source>
      <translation>Använd en kod med tre bokstäver.</translation>
    </message>
    <message>
      <source>Not a valid email address.</source>
      <translation>Ogiltig e-postadress.</translation>
    </message>
    <message>
      <source>Not a valid phone number.</source>
      <translation>Ogiltigt telefonnummer.</translation>
    </message>
    <message>
      <source>Unknown attribute.</source>
      <translation>Okänt attribut.</translation>
    </message>
    <message>
      <source>Enter the first name.</source>
      <translation>Ange förnamnet.</translation>
    </message>
    <message>
      <source>Enter the last name.</source>
      <translation>Ange efternamnet.</translation>
    </message>
    <message>
      <source>Enter the organization name.</source>
      <translation>Ange organisationsnamnet.</translation>
    </message>
    <message>
      <source>Unknown affiliation.</source>
      <translation>Okänd anknytning.</translation>
    </message>
    <message>
      <source>Enter a value or remove it.</source>
      <translation>Ange ett värde eller ta bort det.</translation>
    </message>
    <message>
      <source>Not a valid {definition.type.value}.</source>
      <translation>Ogiltigt värde ({definition.type.value}).</translation>
    </message>
    <message>
      <source>A customer with this id already exists, with different data; nothing was changed.</source>
      <translation>Det finns redan en kund med detta id, med andra uppgifter; inget har ändrats.</translation>
    </message>
    <message>
      <source>Someone changed this customer meanwhile. The latest version is shown; make your change again.</source>
      <translation>Någon har ändrat kunden under tiden. Den senaste versionen visas; gör din ändring igen.</translation>
    </message>
    <message>
      <source>No customer {key} on this terminal.</source>
      <translation>Ingen kund {key} på den här kassan.</translation>
    </message>
    <message>
      <source>HQ does not know this operator in this store; nothing was changed.</source>
      <translation>Huvudkontoret känner inte till den här operatören i den här butiken; inget ändrades.</translation>
    </message>
    <message>
      <source>HQ could not be reached, so the change was not saved.</source>
      <translation>Huvudkontoret gick inte att nå, så ändringen sparades inte.</translation>
    </message>
    <message>
      <source>HQ could not be reached.</source>
      <translation>Huvudkontoret gick inte att nå.</translation>
    </message>
    <message>
      <source>Wrong operator ID or password.</source>
      <translation>Fel operatörs-ID eller lösenord.</translation>
    </message>
    <message>
      <source>This terminal was deactivated: activate it again.</source>
      <translation>Den här kassan har inaktiverats: aktivera den igen.</translation>
    </message>
    <message>
      <source>This terminal's device token is not in the keyring: activate it again.</source>
      <translation>Den här kassans enhetstoken finns inte i nyckelringen: aktivera den igen.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: correct it and resubmit it; an edit alone would never reach HQ.</source>
      <translation>Huvudkontoret avvisade den här kunden: rätta den och skicka den igen; en ändring ensam skulle aldrig nå huvudkontoret.</translation>
    </message>
  </context>
</TS>
