<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="et">
  <context>
    <name>AddressDialog</name>
    <message>
      <source>New address</source>
      <translation>Uus aadress</translation>
    </message>
    <message>
      <source>Edit address</source>
      <translation>Muuda aadressi</translation>
    </message>
    <message>
      <source>Primary address</source>
      <translation>Põhiaadress</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Lisa aadress</translation>
    </message>
    <message>
      <source>Save address</source>
      <translation>Salvesta aadress</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Tühista</translation>
    </message>
    <message>
      <source>The contact name and phone default to the customer's.</source>
      <translation>Kontakti nimi ja telefon on vaikimisi kliendi omad.</translation>
    </message>
  </context>
  <context>
    <name>ChoiceBar</name>
    <message>
      <source>&amp;Keep HQ's value</source>
      <translation>&amp;Jäta peakontori väärtus</translation>
    </message>
    <message>
      <source>&amp;Use mine</source>
      <translation>&amp;Kasuta minu oma</translation>
    </message>
    <message>
      <source>&amp;Dismiss</source>
      <translation>&amp;Eemalda</translation>
    </message>
    <message>
      <source>HQ refused this terminal's change of {fields}; HQ's data is shown.</source>
      <translation>Peakontor lükkas selle kassa muudatuse ({fields}) tagasi; näidatakse peakontori andmeid.</translation>
    </message>
    <message>
      <source>Sign in to choose.</source>
      <translation>Valimiseks logi sisse.</translation>
    </message>
    <message>
      <source>This terminal's value is saved.</source>
      <translation>Selle kassa väärtus on salvestatud.</translation>
    </message>
    <message>
      <source>HQ's value is kept.</source>
      <translation>Peakontori väärtus jäeti alles.</translation>
    </message>
    <message>
      <source>Dismissed.</source>
      <translation>Eemaldatud.</translation>
    </message>
  </context>
  <context>
    <name>CustomerFields</name>
    <message>
      <source>Person</source>
      <translation>Eraisik</translation>
    </message>
    <message>
      <source>Organization</source>
      <translation>Organisatsioon</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Tüüp</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Tiitel</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Eesnimi</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Teine eesnimi</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Perekonnanimi</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Organisatsiooni nimi</translation>
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
      <translation>Vaikeväärtused poe vaikekliendilt ({name}); muutke vajadusel.</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>Prindi</translation>
    </message>
    <message>
      <source>Print and email</source>
      <translation>Prindi ja saada e-postiga</translation>
    </message>
    <message>
      <source>No receipt</source>
      <translation>Tšekita</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Tšekk</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>Tšeki e-post</translation>
    </message>
    <message>
      <source>inherited: {email}</source>
      <translation>päritud: {email}</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Kliendirühm</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Valuuta</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Keel</translation>
    </message>
    <message>
      <source>Financial dimensions come from the default customer's group.</source>
      <translation>Finantsdimensioonid tulevad vaikekliendi rühmast.</translation>
    </message>
    <message>
      <source>Financial dimensions</source>
      <translation>Finantsdimensioonid</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Atribuudid</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Klient</translation>
    </message>
    <message>
      <source>Receipt and account</source>
      <translation>Tšekk ja konto</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Kuuluvused</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Veel e-posti aadresse ja telefone</translation>
    </message>
    <message>
      <source>Main details</source>
      <translation>Põhiandmed</translation>
    </message>
    <message>
      <source>More details</source>
      <translation>Muud andmed</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Kontakt</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>Kontaktid</translation>
    </message>
  </context>
  <context>
    <name>CustomerPanel</name>
    <message>
      <source>No customer</source>
      <translation>Klient puudub</translation>
    </message>
    <message>
      <source>Press Customer search (F2) or Customer add (F3).</source>
      <translation>Vajutage Otsi klienti (F2) või Lisa klient (F3).</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(nimetu)</translation>
    </message>
    <message>
      <source>Loyalty card: {cards}</source>
      <translation>Kliendikaart: {cards}</translation>
    </message>
    <message>
      <source>No loyalty card</source>
      <translation>Kliendikaart puudub</translation>
    </message>
    <message>
      <source>Customer removed</source>
      <translation>Klient eemaldatud</translation>
    </message>
    <message>
      <source>Their data was erased at HQ. Attach another customer if needed.</source>
      <translation>Tema andmed kustutati peakontoris. Vajadusel lisa teine klient.</translation>
    </message>
  </context>
  <context>
    <name>DetailsPage</name>
    <message>
      <source>Back</source>
      <translation>Tagasi</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Lisa tehingule</translation>
    </message>
    <message>
      <source>Save changes</source>
      <translation>Salvesta muudatused</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Aadressid</translation>
    </message>
    <message>
      <source>Loyalty</source>
      <translation>Püsikliendiprogramm</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Otstarve</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Tänav</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Linn</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>Postiindeks</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Riik</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Kontakt</translation>
    </message>
    <message>
      <source>Primary</source>
      <translation>Põhiline</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Lisa aadress</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Muuda</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Eemalda</translation>
    </message>
    <message>
      <source>Set primary</source>
      <translation>Määra põhiliseks</translation>
    </message>
    <message>
      <source>Issue loyalty card</source>
      <translation>Väljasta kliendikaart</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(nimetu)</translation>
    </message>
    <message>
      <source>Saved on this terminal; it goes to HQ with the next sync.</source>
      <translation>Salvestatud selles kassas; läheb peakontorisse järgmise sünkroonimisega.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: {reason}</source>
      <translation>Peakontor lükkas kliendi tagasi: {reason}</translation>
    </message>
    <message>
      <source>No loyalty card yet.</source>
      <translation>Kliendikaarti veel pole.</translation>
    </message>
    <message>
      <source>Correct and resubmit</source>
      <translation>Paranda ja saada uuesti</translation>
    </message>
    <message>
      <source>Corrected and resubmitted: pending sync again.</source>
      <translation>Parandatud ja uuesti saadetud: jälle ootel sünkroonimist.</translation>
    </message>
    <message>
      <source>Saved at HQ.</source>
      <translation>Salvestatud peakontoris.</translation>
    </message>
    <message>
      <source>Saved on this terminal: the change goes to HQ with the next sync.</source>
      <translation>Salvestatud selles kassas: muudatus läheb peakontorisse järgmise sünkroonimisega.</translation>
    </message>
    <message>
      <source>Address added.</source>
      <translation>Aadress lisatud.</translation>
    </message>
    <message>
      <source>Remove address</source>
      <translation>Eemalda aadress</translation>
    </message>
    <message>
      <source>Remove the address {address} from this customer at HQ?</source>
      <translation>Kas eemaldada aadress {address} sellelt kliendilt peakontoris?</translation>
    </message>
    <message>
      <source>Loyalty card issued.</source>
      <translation>Kliendikaart väljastatud.</translation>
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
      <translation>Logi välja</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Keel</translation>
    </message>
    <message>
      <source>Store manager</source>
      <translation>Poejuhataja</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Kassiir</translation>
    </message>
    <message>
      <source>{name} ({id}) · {role}</source>
      <translation>{name} ({id}) · {role}</translation>
    </message>
    <message>
      <source>Not signed in</source>
      <translation>Sisse logimata</translation>
    </message>
  </context>
  <context>
    <name>NewCustomerDialog</name>
    <message>
      <source>New customer</source>
      <translation>Uus klient</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Tühista</translation>
    </message>
    <message>
      <source>Save customer</source>
      <translation>Salvesta klient</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Aadressid</translation>
    </message>
    <message>
      <source>Saving is unavailable until the HQ link returns.</source>
      <translation>Salvestamine pole võimalik enne, kui ühendus peakontoriga taastub.</translation>
    </message>
    <message>
      <source>Possible duplicates — is the customer already known?</source>
      <translation>Võimalikud duplikaadid — kas klient on juba olemas?</translation>
    </message>
    <message>
      <source>Use this customer instead</source>
      <translation>Kasuta hoopis seda klienti</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Salvestamine…</translation>
    </message>
    <message>
      <source>Discard this new customer?</source>
      <translation>Kas loobuda sellest uuest kliendist?</translation>
    </message>
    <message>
      <source>What you typed will be lost.</source>
      <translation>Sisestatud andmed lähevad kaotsi.</translation>
    </message>
    <message>
      <source>&amp;Discard</source>
      <translation>&amp;Loobu</translation>
    </message>
    <message>
      <source>&amp;Keep editing</source>
      <translation>&amp;Jätka muutmist</translation>
    </message>
  </context>
  <context>
    <name>POS</name>
    <message>
      <source>Primary address</source>
      <translation>Põhiaadress</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Eemalda</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Lisa aadress</translation>
    </message>
    <message>
      <source>{purpose} · primary address</source>
      <translation>{purpose} · põhiaadress</translation>
    </message>
    <message>
      <source>same phone</source>
      <translation>sama telefon</translation>
    </message>
    <message>
      <source>same email</source>
      <translation>sama e-post</translation>
    </message>
    <message>
      <source>same name and ZIP</source>
      <translation>sama nimi ja postiindeks</translation>
    </message>
    <message>
      <source>all stores (HQ)</source>
      <translation>kõik poed (peakontor)</translation>
    </message>
    <message>
      <source>this store</source>
      <translation>see pood</translation>
    </message>
    <message>
      <source>(empty)</source>
      <translation>(tühi)</translation>
    </message>
    <message>
      <source>(removed)</source>
      <translation>(eemaldatud)</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>jah</translation>
    </message>
    <message>
      <source>no</source>
      <translation>ei</translation>
    </message>
    <message>
      <source>{field}: HQ has “{hq}”, this terminal had “{mine}”</source>
      <translation>{field}: peakontoris „{hq}“, selles kassas oli „{mine}“</translation>
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
      <translation>Kassas läks midagi valesti ({error}). See, mida tegid, ei pruukinud lõpuni jõuda: kontrolli seda ja teata IT-le, kui see kordub.</translation>
    </message>
    <message>
      <source>The details are in the log: {path}</source>
      <translation>Üksikasjad on logis: {path}</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Otstarve</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Tänav</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Linn</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Maakond</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>Postiindeks</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Riik</translation>
    </message>
    <message>
      <source>Contact name</source>
      <translation>Kontaktisik</translation>
    </message>
    <message>
      <source>Contact phone</source>
      <translation>Kontakttelefon</translation>
    </message>
    <message>
      <source>ZIP and city</source>
      <translation>Postiindeks ja linn</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Kontakt</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Nimi</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefon</translation>
    </message>
    <message>
      <source>This store defines no customer attributes.</source>
      <translation>Selles poes pole kliendiatribuute määratud.</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>Jah</translation>
    </message>
    <message>
      <source>— choose —</source>
      <translation>— vali —</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>määramata</translation>
    </message>
    <message>
      <source>a number</source>
      <translation>number</translation>
    </message>
    <message>
      <source>another email</source>
      <translation>teine e-posti aadress</translation>
    </message>
    <message>
      <source>another phone</source>
      <translation>teine telefon</translation>
    </message>
    <message>
      <source>Marketing consent</source>
      <translation>Turundusnõusolek</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-post</translation>
    </message>
    <message>
      <source>Add email</source>
      <translation>Lisa e-post</translation>
    </message>
    <message>
      <source>Add phone</source>
      <translation>Lisa telefon</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>Konto</translation>
    </message>
    <message>
      <source>Store</source>
      <translation>Pood</translation>
    </message>
    <message>
      <source>All stores (HQ)</source>
      <translation>Kõik poed (peakontor)</translation>
    </message>
    <message>
      <source>This store</source>
      <translation>See pood</translation>
    </message>
    <message>
      <source>Rejected by HQ</source>
      <translation>Peakontor lükkas tagasi</translation>
    </message>
    <message>
      <source>{account} · change pending sync</source>
      <translation>{account} · muudatus ootab sünkroonimist</translation>
    </message>
    <message>
      <source>Pending sync</source>
      <translation>Ootel sünkroonimist</translation>
    </message>
    <message>
      <source>number</source>
      <translation>arv</translation>
    </message>
    <message>
      <source>date</source>
      <translation>kuupäev</translation>
    </message>
    <message>
      <source>yes/no</source>
      <translation>jah/ei</translation>
    </message>
    <message>
      <source>choice</source>
      <translation>valik</translation>
    </message>
    <message>
      <source>text</source>
      <translation>tekst</translation>
    </message>
    <message>
      <source>enhanced async customers</source>
      <translation>täiustatud asünkroonsed kliendid</translation>
    </message>
    <message>
      <source>async customer addresses</source>
      <translation>asünkroonsete klientide aadressid</translation>
    </message>
    <message>
      <source>async customer edits</source>
      <translation>asünkroonsed kliendimuudatused</translation>
    </message>
    <message>
      <source>multiple contacts and marketing consent</source>
      <translation>mitu kontakti ja turundusnõusolek</translation>
    </message>
    <message>
      <source>required</source>
      <translation>kohustuslik</translation>
    </message>
    <message>
      <source>wrong kind of value</source>
      <translation>vale väärtuse tüüp</translation>
    </message>
    <message>
      <source>not allowed here</source>
      <translation>siin pole lubatud</translation>
    </message>
    <message>
      <source>a person needs a first or last name</source>
      <translation>isikul peab olema ees- või perekonnanimi</translation>
    </message>
    <message>
      <source>not a valid e-mail address</source>
      <translation>vigane e-posti aadress</translation>
    </message>
    <message>
      <source>not a valid phone number</source>
      <translation>vigane telefoninumber</translation>
    </message>
    <message>
      <source>not a valid currency code</source>
      <translation>vigane valuutakood</translation>
    </message>
    <message>
      <source>not a valid language code</source>
      <translation>vigane keelekood</translation>
    </message>
    <message>
      <source>not a valid country code</source>
      <translation>vigane riigikood</translation>
    </message>
    <message>
      <source>an e-mail receipt needs a receipt e-mail address</source>
      <translation>e-posti teel tšekk vajab tšekkide e-posti aadressi</translation>
    </message>
    <message>
      <source>unknown attribute</source>
      <translation>tundmatu atribuut</translation>
    </message>
    <message>
      <source>required attribute is missing</source>
      <translation>kohustuslik atribuut puudub</translation>
    </message>
    <message>
      <source>an address needs a street, a city or a ZIP code</source>
      <translation>aadressil peab olema tänav, linn või sihtnumber</translation>
    </message>
    <message>
      <source>the same id twice</source>
      <translation>sama ID kaks korda</translation>
    </message>
    <message>
      <source>only one address can be primary</source>
      <translation>ainult üks aadress saab olla peamine</translation>
    </message>
    <message>
      <source>not a valid id</source>
      <translation>vigane ID</translation>
    </message>
    <message>
      <source>the id belongs to a customer of another store</source>
      <translation>ID kuulub teise poe kliendile</translation>
    </message>
    <message>
      <source>unknown customer</source>
      <translation>tundmatu klient</translation>
    </message>
    <message>
      <source>unknown value “{value}”</source>
      <translation>tundmatu väärtus „{value}“</translation>
    </message>
    <message>
      <source>needs the “{feature}” feature</source>
      <translation>vajab funktsiooni „{feature}“</translation>
    </message>
    <message>
      <source>not a valid {type}</source>
      <translation>vigane väärtus ({type})</translation>
    </message>
    <message>
      <source>Please correct: {fields}</source>
      <translation>Palun parandage: {fields}</translation>
    </message>
    <message>
      <source>Something went wrong: {error}</source>
      <translation>Midagi läks valesti: {error}</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>Kodu</translation>
    </message>
    <message>
      <source>Business</source>
      <translation>Äri</translation>
    </message>
    <message>
      <source>Office</source>
      <translation>Kontor</translation>
    </message>
    <message>
      <source>Post box</source>
      <translation>Postkast</translation>
    </message>
    <message>
      <source>Waiting for HQ</source>
      <translation>Ootab peakontorit</translation>
    </message>
    <message>
      <source>Synced</source>
      <translation>Sünkroonitud</translation>
    </message>
    <message>
      <source>Change pending sync</source>
      <translation>Muudatus ootab sünkroonimist</translation>
    </message>
    <message>
      <source>never</source>
      <translation>mitte kunagi</translation>
    </message>
    <message numerus="yes">
      <source>at most %n character(s)</source>
      <translation>
        <numerusform>kuni %n märk</numerusform>
        <numerusform>kuni %n märki</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>at least %n character(s)</source>
      <translation>
        <numerusform>vähemalt %n märk</numerusform>
        <numerusform>vähemalt %n märki</numerusform>
      </translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Tiitel</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Eesnimi</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Teine eesnimi</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Perekonnanimi</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Organisatsiooni nimi</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>Tšeki e-post</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Kliendirühm</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Valuuta</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Kuuluvused</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Veel e-posti aadresse ja telefone</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Aadress</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Atribuudid</translation>
    </message>
    <message>
      <source>Customer id</source>
      <translation>Kliendi ID</translation>
    </message>
    <message>
      <source>the customer's data was erased at HQ (right to be forgotten)</source>
      <translation>kliendi andmed kustutati peakontoris (õigus olla unustatud)</translation>
    </message>
  </context>
  <context>
    <name>RegisterPage</name>
    <message>
      <source>Current transaction</source>
      <translation>Praegune tehing</translation>
    </message>
    <message>
      <source>No items yet. Scan or key in items to start the sale.</source>
      <translation>Kaupu veel pole. Müügi alustamiseks skannige või sisestage kaubad.</translation>
    </message>
    <message>
      <source>Total {amount}</source>
      <translation>Kokku {amount}</translation>
    </message>
    <message>
      <source>Customer add	F3</source>
      <translation>Lisa klient	F3</translation>
    </message>
    <message>
      <source>Customer search	F2</source>
      <translation>Otsi klienti	F2</translation>
    </message>
    <message>
      <source>Customer clear</source>
      <translation>Eemalda klient</translation>
    </message>
    <message>
      <source>Customer details</source>
      <translation>Kliendi andmed</translation>
    </message>
    <message>
      <source>Disconnect</source>
      <translation>Katkesta ühendus</translation>
    </message>
    <message>
      <source>Sync worklist	F6</source>
      <translation>Sünkroonimine	F6</translation>
    </message>
    <message>
      <source>Operations</source>
      <translation>Toimingud</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>Ühenda</translation>
    </message>
    <message>
      <source>This terminal has no HQ link configured.</source>
      <translation>Sellel kassal pole ühendust peakontoriga seadistatud.</translation>
    </message>
  </context>
  <context>
    <name>SearchPage</name>
    <message>
      <source>Back</source>
      <translation>Tagasi</translation>
    </message>
    <message>
      <source>Back to the register (Esc)</source>
      <translation>Tagasi kassasse (Esc)</translation>
    </message>
    <message>
      <source>Search customers: name, phone, email, account number, ZIP…</source>
      <translation>Otsi kliente: nimi, telefon, e-post, kontonumber, postiindeks…</translation>
    </message>
    <message>
      <source>Create customer</source>
      <translation>Loo klient</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Lisa tehingule</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Üksikasjad</translation>
    </message>
    <message>
      <source>Search all stores</source>
      <translation>Otsi kõigist poodidest</translation>
    </message>
    <message>
      <source>Type a name, phone, email, account number or ZIP.</source>
      <translation>Sisestage nimi, telefon, e-post, kontonumber või postiindeks.</translation>
    </message>
    <message>
      <source>No customers found at HQ.</source>
      <translation>Peakontorist kliente ei leitud.</translation>
    </message>
    <message>
      <source>No customers found on this terminal.</source>
      <translation>Sellest kassast kliente ei leitud.</translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) in all stores (HQ)</source>
      <translation>
        <numerusform>%n klient kõigis poodides (peakontor)</numerusform>
        <numerusform>%n klienti kõigis poodides (peakontor)</numerusform>
      </translation>
    </message>
    <message>
      <source>No customer matches every word; these match some of them.</source>
      <translation>Ükski klient ei vasta kõigile sõnadele; need vastavad mõnele.</translation>
    </message>
    <message numerus="yes">
      <source>First %n customer(s): type more to narrow the search.</source>
      <translation>
        <numerusform>Esimene klient: otsingu kitsendamiseks sisestage rohkem.</numerusform>
        <numerusform>Esimesed %n klienti: otsingu kitsendamiseks sisestage rohkem.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n klient</numerusform>
        <numerusform>%n klienti</numerusform>
      </translation>
    </message>
    <message>
      <source>Search failed: {error}</source>
      <translation>Otsing ebaõnnestus: {error}</translation>
    </message>
    <message>
      <source>Searching all stores…</source>
      <translation>Otsin kõigist poodidest…</translation>
    </message>
    <message>
      <source>HQ could not be reached; only this store's customers are shown.</source>
      <translation>Peakontoriga ei saanud ühendust; näidatakse ainult selle kaupluse kliente.</translation>
    </message>
    <message>
      <source>HQ search failed: {error}</source>
      <translation>Peakontori otsing ebaõnnestus: {error}</translation>
    </message>
    <message>
      <source>Search all stores needs the HQ link.</source>
      <translation>Kõigist poodidest otsimiseks on vaja ühendust peakontoriga.</translation>
    </message>
    <message numerus="yes">
      <source>Search all stores needs at least %n character(s).</source>
      <translation>
        <numerusform>Kõigist poodidest otsimiseks on vaja vähemalt %n märk.</numerusform>
        <numerusform>Kõigist poodidest otsimiseks on vaja vähemalt %n märki.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SignInPage</name>
    <message>
      <source>e.g. 1001</source>
      <translation>nt 1001</translation>
    </message>
    <message>
      <source>Operator ID</source>
      <translation>Kasutaja ID</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Parool</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Logi sisse</translation>
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
      <translation>Sisselogimine toimib ka võrguühenduseta: kasutajaid kontrollitakse selles kassas.</translation>
    </message>
    <message>
      <source>Enter your operator ID and password.</source>
      <translation>Sisestage oma kasutaja ID ja parool.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Kontrollin…</translation>
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message>
      <source>Checking the database…</source>
      <translation>Andmebaasi kontrollimine…</translation>
    </message>
    <message>
      <source>Compacting the customer database after the update…</source>
      <translation>Kliendiandmebaasi tihendamine pärast uuendust…</translation>
    </message>
    <message>
      <source>This can take a minute or two. Searching works meanwhile; saving waits until it has finished.</source>
      <translation>See võib võtta minuti või kaks. Otsing töötab vahepeal; salvestamine ootab, kuni see on lõppenud.</translation>
    </message>
    <message>
      <source>Saving waits until the check has finished.</source>
      <translation>Salvestamine ootab, kuni kontroll on lõppenud.</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Sünkrooni</translation>
    </message>
    <message>
      <source>Upload pending customers and fetch updates now</source>
      <translation>Saada ootel kliendid ja laadi uuendused kohe</translation>
    </message>
    <message>
      <source>Open the sync worklist (F6)</source>
      <translation>Ava sünkroonimise töönimekiri (F6)</translation>
    </message>
    <message>
      <source>HQ: Offline (manual)</source>
      <translation>Peakontor: Võrguühenduseta (käsitsi)</translation>
    </message>
    <message>
      <source>HQ: Online</source>
      <translation>Peakontor: Võrgus</translation>
    </message>
    <message>
      <source>HQ: Offline</source>
      <translation>Peakontor: Võrguühenduseta</translation>
    </message>
    <message>
      <source>last contact {when}</source>
      <translation>viimane ühendus {when}</translation>
    </message>
    <message>
      <source>Last sync: {when}</source>
      <translation>Sünkroonitud: {when}</translation>
    </message>
    <message numerus="yes">
      <source>Pending sync: %n</source>
      <translation>
        <numerusform>Ootel sünkroonimist: %n</numerusform>
        <numerusform>Ootel sünkroonimist: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Rejected: %n</source>
      <translation>
        <numerusform>Tagasi lükatud: %n</numerusform>
        <numerusform>Tagasi lükatud: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Conflicts: %n</source>
      <translation>
        <numerusform>Konflikt: %n</numerusform>
        <numerusform>Konfliktid: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Quarantined: %n</source>
      <translation>
        <numerusform>Karantiinis: %n</numerusform>
        <numerusform>Karantiinis: %n</numerusform>
      </translation>
    </message>
    <message>
      <source>Last sync: requested…</source>
      <translation>Sünkroonimine taotletud…</translation>
    </message>
    <message>
      <source>New customers: {new} · Customers with changes: {changed}</source>
      <translation>Uued kliendid: {new} · Muudatustega kliendid: {changed}</translation>
    </message>
  </context>
  <context>
    <name>WorklistPage</name>
    <message>
      <source>Back</source>
      <translation>Tagasi</translation>
    </message>
    <message>
      <source>Sync worklist</source>
      <translation>Sünkroonimise töönimekiri</translation>
    </message>
    <message>
      <source>&amp;Show:</source>
      <translation>&amp;Näita:</translation>
    </message>
    <message>
      <source>Everything</source>
      <translation>Kõik</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>Konfliktid</translation>
    </message>
    <message>
      <source>Quarantined</source>
      <translation>Karantiinis</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Ava</translation>
    </message>
    <message>
      <source>Open the customer to correct it (Enter)</source>
      <translation>Ava klient selle parandamiseks (Enter)</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Klient</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Olek</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Vanus</translation>
    </message>
    <message>
      <source>Created by</source>
      <translation>Lõi</translation>
    </message>
    <message>
      <source>Terminal</source>
      <translation>Terminal</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Põhjus</translation>
    </message>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n kirje</numerusform>
        <numerusform>%n kirjet</numerusform>
      </translation>
    </message>
    <message>
      <source>Nothing to work on.</source>
      <translation>Midagi pole teha.</translation>
    </message>
    <message>
      <source>Conflicts: another change reached HQ first, so HQ's value stands; keep it or use this terminal's value.</source>
      <translation>Konfliktid: teine muudatus jõudis enne peakontorisse, seega kehtib peakontori väärtus; jäta see alles või kasuta selle kassa väärtust.</translation>
    </message>
    <message>
      <source>Rejected customers: open one (Enter), correct it and resubmit it. Pending ones go to HQ by themselves when the link is up.</source>
      <translation>Tagasi lükatud kliendid: ava üks (Enter), paranda see ja saada uuesti. Ootel kliendid lähevad peakontorisse ise, kui ühendus on olemas.</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>Konflikt</translation>
    </message>
    <message>
      <source>Change rejected by HQ</source>
      <translation>Peakontor lükkas muudatuse tagasi</translation>
    </message>
    <message>
      <source>Unreadable record</source>
      <translation>Loetamatu kirje</translation>
    </message>
    <message>
      <source>command line</source>
      <translation>käsurida</translation>
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
        <numerusform>%n t</numerusform>
        <numerusform>%n t</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n d</source>
      <translation>
        <numerusform>%n p</numerusform>
        <numerusform>%n p</numerusform>
      </translation>
    </message>
    <message>
      <source>Changed: {fields}</source>
      <translation>Muudetud: {fields}</translation>
    </message>
  </context>
  <context>
    <name>domain</name>
    <message>
      <source>Only one address can be primary.</source>
      <translation>Põhiaadress saab olla ainult üks.</translation>
    </message>
    <message>
      <source>Not one of the allowed values.</source>
      <translation>Pole ükski lubatud väärtustest.</translation>
    </message>
    <message>
      <source>Required.</source>
      <translation>Kohustuslik.</translation>
    </message>
    <message>
      <source>Not available for customers created asynchronously.</source>
      <translation>Pole saadaval asünkroonselt loodud klientidele.</translation>
    </message>
    <message>
      <source>Your role may not create customers in this store.</source>
      <translation>Teie roll ei luba selles kaupluses kliente luua.</translation>
    </message>
    <message>
      <source>Your role may not edit customers in this store.</source>
      <translation>Teie roll ei luba selles kaupluses kliente muuta.</translation>
    </message>
    <message>
      <source>Your role may not add, change or remove addresses in this store.</source>
      <translation>Teie roll ei luba selles kaupluses aadresse lisada, muuta ega eemaldada.</translation>
    </message>
    <message>
      <source>Your role may not correct and resubmit rejected customers in this store.</source>
      <translation>Teie roll ei luba selles kaupluses tagasi lükatud kliente parandada ja uuesti saata.</translation>
    </message>
    <message>
      <source>Your role may not disconnect or connect the terminal in this store.</source>
      <translation>Teie roll ei luba selles kaupluses terminali lahti ühendada ega ühendada.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not create customers in this store.</source>
      <translation>Teie roll (kassiir) ei luba selles kaupluses kliente luua.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not edit customers in this store.</source>
      <translation>Teie roll (kassiir) ei luba selles kaupluses kliente muuta.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not add, change or remove addresses in this store.</source>
      <translation>Teie roll (kassiir) ei luba selles kaupluses aadresse lisada, muuta ega eemaldada.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not correct and resubmit rejected customers in this store.</source>
      <translation>Teie roll (kassiir) ei luba selles kaupluses tagasi lükatud kliente parandada ja uuesti saata.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not disconnect or connect the terminal in this store.</source>
      <translation>Teie roll (kassiir) ei luba selles kaupluses terminali lahti ühendada ega ühendada.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not create customers in this store.</source>
      <translation>Teie roll (poejuhataja) ei luba selles kaupluses kliente luua.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not edit customers in this store.</source>
      <translation>Teie roll (poejuhataja) ei luba selles kaupluses kliente muuta.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not add, change or remove addresses in this store.</source>
      <translation>Teie roll (poejuhataja) ei luba selles kaupluses aadresse lisada, muuta ega eemaldada.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not correct and resubmit rejected customers in this store.</source>
      <translation>Teie roll (poejuhataja) ei luba selles kaupluses tagasi lükatud kliente parandada ja uuesti saata.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not disconnect or connect the terminal in this store.</source>
      <translation>Teie roll (poejuhataja) ei luba selles kaupluses terminali lahti ühendada ega ühendada.</translation>
    </message>
    <message>
      <source>A customer created asynchronously takes one address: this store's async customer addresses feature is off.</source>
      <translation>Asünkroonselt loodud kliendil on üks aadress: selle poe asünkroonsete kliendiaadresside funktsioon on välja lülitatud.</translation>
    </message>
    <message>
      <source>This customer is pending sync and cannot be edited until HQ has assigned its account number.</source>
      <translation>Klient on ootel sünkroonimist ja seda ei saa muuta enne, kui peakontor on määranud kontonumbri.</translation>
    </message>
    <message>
      <source>Editing customers needs the HQ link, which is down.</source>
      <translation>Klientide muutmiseks on vaja ühendust peakontoriga, mis on katkenud.</translation>
    </message>
    <message>
      <source>Addresses cannot be added to a customer pending sync (the async customer addresses feature is off).</source>
      <translation>Ootel sünkroonimist kliendile ei saa aadresse lisada (asünkroonsete kliendiaadresside funktsioon on välja lülitatud).</translation>
    </message>
    <message>
      <source>Only customers HQ rejected can be resubmitted.</source>
      <translation>Uuesti saata saab ainult peakontori tagasi lükatud kliente.</translation>
    </message>
    <message>
      <source>A loyalty card can be issued once the customer has synced.</source>
      <translation>Kliendikaardi saab väljastada pärast kliendi sünkroonimist.</translation>
    </message>
    <message>
      <source>Issuing a loyalty card needs the HQ link.</source>
      <translation>Kliendikaardi väljastamiseks on vaja ühendust peakontoriga.</translation>
    </message>
    <message>
      <source>Secondary emails and phones need the multiple contacts and marketing consent feature.</source>
      <translation>Lisa e-posti aadressid ja telefonid vajavad mitme kontakti ja turundusnõusoleku funktsiooni.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not available in async mode.</source>
      <translation>Lisa e-posti aadressid ja telefonid pole asünkroonses režiimis saadaval.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not enabled for this store.</source>
      <translation>Täiendavad e-postiaadressid ja telefonid pole selles kaupluses lubatud.</translation>
    </message>
    <message>
      <source>The customer is created at HQ now.</source>
      <translation>Klient luuakse kohe peakontoris.</translation>
    </message>
    <message>
      <source>The store creates customers asynchronously: "Pending sync" until HQ assigns the account number.</source>
      <translation>Pood loob kliente asünkroonselt: „Ootel sünkroonimist“, kuni peakontor määrab kontonumbri.</translation>
    </message>
    <message>
      <source>HQ is offline: the customer is saved here as "Pending sync" and uploaded when the link returns.</source>
      <translation>Peakontor on võrguühenduseta: klient salvestatakse siin olekuga „Ootel sünkroonimist“ ja saadetakse ühenduse taastumisel.</translation>
    </message>
    <message>
      <source>HQ is offline and this store keeps no customer data on the terminal, so customers cannot be created until the link returns.</source>
      <translation>Peakontor on võrguühenduseta ja see pood ei hoia kliendiandmeid kassas, seega ei saa kliente luua enne ühenduse taastumist.</translation>
    </message>
    <message>
      <source>Remove control characters and invisible formatting characters.</source>
      <translation>Eemalda juhtmärgid ja nähtamatud vormindusmärgid.</translation>
    </message>
    <message>
      <source>Must be a UUID.</source>
      <translation>Peab olema UUID.</translation>
    </message>
    <message>
      <source>At most {limit} characters.</source>
      <translation>Kõige rohkem {limit} märki.</translation>
    </message>
    <message>
      <source>At most {limit} addresses.</source>
      <translation>Kõige rohkem {limit} aadressi.</translation>
    </message>
    <message>
      <source>At most {limit} contacts.</source>
      <translation>Kõige rohkem {limit} kontakti.</translation>
    </message>
    <message>
      <source>At most {limit} affiliations.</source>
      <translation>Kõige rohkem {limit} kuuluvust.</translation>
    </message>
    <message>
      <source>Use a two-letter country code.</source>
      <translation>Kasutage kahetähelist riigikoodi.</translation>
    </message>
    <message>
      <source>Enter a street, city or ZIP.</source>
      <translation>Sisestage tänav, linn või postiindeks.</translation>
    </message>
    <message>
      <source>Choose a title from the list.</source>
      <translation>Valige tiitel loendist.</translation>
    </message>
    <message>
      <source>Email receipts need an email.</source>
      <translation>E-posti tšekkide jaoks on vaja e-posti aadressi.</translation>
    </message>
    <message>
      <source>Unknown customer group.</source>
      <translation>Tundmatu kliendirühm.</translation>
    </message>
    <message>
      <source>Use a three-letter code.</source>
      <translation>Kasutage kolmetähelist koodi.</translation>
    </message>
    <message>
      <source>Not a valid email address.</source>
      <translation>Vigane e-posti aadress.</translation>
    </message>
    <message>
      <source>Not a valid phone number.</source>
      <translation>Vigane telefoninumber.</translation>
    </message>
    <message>
      <source>Unknown attribute.</source>
      <translation>Tundmatu atribuut.</translation>
    </message>
    <message>
      <source>Enter the first name.</source>
      <translation>Sisestage eesnimi.</translation>
    </message>
    <message>
      <source>Enter the last name.</source>
      <translation>Sisestage perekonnanimi.</translation>
    </message>
    <message>
      <source>Enter the organization name.</source>
      <translation>Sisestage organisatsiooni nimi.</translation>
    </message>
    <message>
      <source>Unknown affiliation.</source>
      <translation>Tundmatu kuuluvus.</translation>
    </message>
    <message>
      <source>Enter a value or remove it.</source>
      <translation>Sisestage väärtus või eemaldage see.</translation>
    </message>
    <message>
      <source>Not a valid {definition.type.value}.</source>
      <translation>Vigane väärtus ({definition.type.value}).</translation>
    </message>
    <message>
      <source>A customer with this id already exists, with different data; nothing was changed.</source>
      <translation>Selle ID-ga klient on juba olemas, teiste andmetega; midagi ei muudetud.</translation>
    </message>
    <message>
      <source>Someone changed this customer meanwhile. The latest version is shown; make your change again.</source>
      <translation>Keegi muutis vahepeal seda klienti. Näidatakse uusimat versiooni; tehke muudatus uuesti.</translation>
    </message>
    <message>
      <source>No customer {key} on this terminal.</source>
      <translation>Selles kassas pole klienti {key}.</translation>
    </message>
    <message>
      <source>HQ does not know this operator in this store; nothing was changed.</source>
      <translation>Peakontor ei tunne seda operaatorit selles kaupluses; midagi ei muudetud.</translation>
    </message>
    <message>
      <source>HQ could not be reached, so the change was not saved.</source>
      <translation>Peakontoriga ei saanud ühendust, seega muudatust ei salvestatud.</translation>
    </message>
    <message>
      <source>HQ could not be reached.</source>
      <translation>Peakontoriga ei saanud ühendust.</translation>
    </message>
    <message>
      <source>Wrong operator ID or password.</source>
      <translation>Vale operaatori ID või parool.</translation>
    </message>
    <message>
      <source>This terminal was deactivated: activate it again.</source>
      <translation>See kassa on deaktiveeritud: aktiveeri see uuesti.</translation>
    </message>
    <message>
      <source>This terminal's device token is not in the keyring: activate it again.</source>
      <translation>Selle kassa seadmevõtit pole võtmehoidjas: aktiveeri see uuesti.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: correct it and resubmit it; an edit alone would never reach HQ.</source>
      <translation>Peakontor lükkas selle kliendi tagasi: paranda see ja saada uuesti; ainult muudatus ei jõuaks kunagi peakontorisse.</translation>
    </message>
  </context>
</TS>
