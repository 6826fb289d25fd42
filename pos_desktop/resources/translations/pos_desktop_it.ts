<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it">
  <context>
    <name>AddressDialog</name>
    <message>
      <source>New address</source>
      <translation>Nuovo indirizzo</translation>
    </message>
    <message>
      <source>Edit address</source>
      <translation>Modifica indirizzo</translation>
    </message>
    <message>
      <source>Primary address</source>
      <translation>Indirizzo principale</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Aggiungi indirizzo</translation>
    </message>
    <message>
      <source>Save address</source>
      <translation>Salva indirizzo</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annulla</translation>
    </message>
    <message>
      <source>The contact name and phone default to the customer's.</source>
      <translation>Il nome e il telefono del contatto sono quelli del cliente, se non indicati.</translation>
    </message>
  </context>
  <context>
    <name>ChoiceBar</name>
    <message>
      <source>&amp;Keep HQ's value</source>
      <translation>&amp;Tieni il valore della sede</translation>
    </message>
    <message>
      <source>&amp;Use mine</source>
      <translation>&amp;Usa il mio</translation>
    </message>
    <message>
      <source>&amp;Dismiss</source>
      <translation>&amp;Archivia</translation>
    </message>
    <message>
      <source>HQ refused this terminal's change of {fields}; HQ's data is shown.</source>
      <translation>La sede ha rifiutato la modifica di {fields} fatta su questa cassa; sono mostrati i dati della sede.</translation>
    </message>
    <message>
      <source>Sign in to choose.</source>
      <translation>Accedi per scegliere.</translation>
    </message>
    <message>
      <source>This terminal's value is saved.</source>
      <translation>Il valore di questa cassa è salvato.</translation>
    </message>
    <message>
      <source>HQ's value is kept.</source>
      <translation>Il valore della sede è mantenuto.</translation>
    </message>
    <message>
      <source>Dismissed.</source>
      <translation>Archiviato.</translation>
    </message>
  </context>
  <context>
    <name>CustomerFields</name>
    <message>
      <source>Person</source>
      <translation>Persona</translation>
    </message>
    <message>
      <source>Organization</source>
      <translation>Azienda</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Tipo</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titolo</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Nome</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Secondo nome</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Cognome</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Ragione sociale</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefono</translation>
    </message>
    <message>
      <source>Defaults from the store's default customer ({name}); change them if needed.</source>
      <translation>Valori predefiniti dal cliente predefinito del negozio ({name}); modificali se necessario.</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>Stampa</translation>
    </message>
    <message>
      <source>Print and email</source>
      <translation>Stampa e invia per e-mail</translation>
    </message>
    <message>
      <source>No receipt</source>
      <translation>Nessuno scontrino</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Scontrino</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>E-mail per lo scontrino</translation>
    </message>
    <message>
      <source>inherited: {email}</source>
      <translation>ereditato: {email}</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Gruppo clienti</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Valuta</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Lingua</translation>
    </message>
    <message>
      <source>Financial dimensions come from the default customer's group.</source>
      <translation>Le dimensioni finanziarie derivano dal gruppo del cliente predefinito.</translation>
    </message>
    <message>
      <source>Financial dimensions</source>
      <translation>Dimensioni finanziarie</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Attributi</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Cliente</translation>
    </message>
    <message>
      <source>Receipt and account</source>
      <translation>Scontrino e conto</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Affiliazioni</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Altre e-mail e telefoni</translation>
    </message>
    <message>
      <source>Main details</source>
      <translation>Dati principali</translation>
    </message>
    <message>
      <source>More details</source>
      <translation>Altri dati</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Contatto</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>Contatti</translation>
    </message>
  </context>
  <context>
    <name>CustomerPanel</name>
    <message>
      <source>No customer</source>
      <translation>Nessun cliente</translation>
    </message>
    <message>
      <source>Press Customer search (F2) or Customer add (F3).</source>
      <translation>Premi Cerca cliente (F2) o Aggiungi cliente (F3).</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(senza nome)</translation>
    </message>
    <message>
      <source>Loyalty card: {cards}</source>
      <translation>Carta fedeltà: {cards}</translation>
    </message>
    <message>
      <source>No loyalty card</source>
      <translation>Nessuna carta fedeltà</translation>
    </message>
    <message>
      <source>Customer removed</source>
      <translation>Cliente rimosso</translation>
    </message>
    <message>
      <source>Their data was erased at HQ. Attach another customer if needed.</source>
      <translation>I suoi dati sono stati cancellati dalla sede. Se serve, collega un altro cliente.</translation>
    </message>
  </context>
  <context>
    <name>DetailsPage</name>
    <message>
      <source>Back</source>
      <translation>Indietro</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Aggiungi alla transazione</translation>
    </message>
    <message>
      <source>Save changes</source>
      <translation>Salva modifiche</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Indirizzi</translation>
    </message>
    <message>
      <source>Loyalty</source>
      <translation>Fedeltà</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Uso</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Via</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Città</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>CAP</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Paese</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Contatto</translation>
    </message>
    <message>
      <source>Primary</source>
      <translation>Principale</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Aggiungi indirizzo</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Modifica</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Rimuovi</translation>
    </message>
    <message>
      <source>Set primary</source>
      <translation>Imposta come principale</translation>
    </message>
    <message>
      <source>Issue loyalty card</source>
      <translation>Emetti carta fedeltà</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(senza nome)</translation>
    </message>
    <message>
      <source>Saved on this terminal; it goes to HQ with the next sync.</source>
      <translation>Salvato su questa cassa; va alla sede con la prossima sincronizzazione.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: {reason}</source>
      <translation>La sede ha rifiutato questo cliente: {reason}</translation>
    </message>
    <message>
      <source>No loyalty card yet.</source>
      <translation>Ancora nessuna carta fedeltà.</translation>
    </message>
    <message>
      <source>Correct and resubmit</source>
      <translation>Correggi e reinvia</translation>
    </message>
    <message>
      <source>Corrected and resubmitted: pending sync again.</source>
      <translation>Corretto e reinviato: di nuovo in attesa di sincronizzazione.</translation>
    </message>
    <message>
      <source>Saved at HQ.</source>
      <translation>Salvato in sede.</translation>
    </message>
    <message>
      <source>Saved on this terminal: the change goes to HQ with the next sync.</source>
      <translation>Salvato su questa cassa: la modifica va alla sede con la prossima sincronizzazione.</translation>
    </message>
    <message>
      <source>Address added.</source>
      <translation>Indirizzo aggiunto.</translation>
    </message>
    <message>
      <source>Remove address</source>
      <translation>Rimuovi indirizzo</translation>
    </message>
    <message>
      <source>Remove the address {address} from this customer at HQ?</source>
      <translation>Rimuovere l'indirizzo {address} da questo cliente in sede?</translation>
    </message>
    <message>
      <source>Loyalty card issued.</source>
      <translation>Carta fedeltà emessa.</translation>
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
      <translation>&lt;b&gt;{name}&lt;/b&gt; · {store} · cassa {terminal}</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>Esci</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Lingua</translation>
    </message>
    <message>
      <source>Store manager</source>
      <translation>Responsabile del negozio</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Cassiere</translation>
    </message>
    <message>
      <source>{name} ({id}) · {role}</source>
      <translation>{name} ({id}) · {role}</translation>
    </message>
    <message>
      <source>Not signed in</source>
      <translation>Nessun accesso</translation>
    </message>
  </context>
  <context>
    <name>NewCustomerDialog</name>
    <message>
      <source>New customer</source>
      <translation>Nuovo cliente</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annulla</translation>
    </message>
    <message>
      <source>Save customer</source>
      <translation>Salva cliente</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Indirizzi</translation>
    </message>
    <message>
      <source>Saving is unavailable until the HQ link returns.</source>
      <translation>Il salvataggio non è disponibile finché il collegamento con la sede non torna attivo.</translation>
    </message>
    <message>
      <source>Possible duplicates — is the customer already known?</source>
      <translation>Possibili duplicati — il cliente è già registrato?</translation>
    </message>
    <message>
      <source>Use this customer instead</source>
      <translation>Usa invece questo cliente</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Salvataggio…</translation>
    </message>
    <message>
      <source>Discard this new customer?</source>
      <translation>Scartare questo nuovo cliente?</translation>
    </message>
    <message>
      <source>What you typed will be lost.</source>
      <translation>Quanto inserito andrà perso.</translation>
    </message>
    <message>
      <source>&amp;Discard</source>
      <translation>&amp;Scarta</translation>
    </message>
    <message>
      <source>&amp;Keep editing</source>
      <translation>&amp;Continua a modificare</translation>
    </message>
  </context>
  <context>
    <name>POS</name>
    <message>
      <source>Primary address</source>
      <translation>Indirizzo principale</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Rimuovi</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Aggiungi indirizzo</translation>
    </message>
    <message>
      <source>{purpose} · primary address</source>
      <translation>{purpose} · indirizzo principale</translation>
    </message>
    <message>
      <source>same phone</source>
      <translation>stesso telefono</translation>
    </message>
    <message>
      <source>same email</source>
      <translation>stessa e-mail</translation>
    </message>
    <message>
      <source>same name and ZIP</source>
      <translation>stesso nome e CAP</translation>
    </message>
    <message>
      <source>all stores (HQ)</source>
      <translation>tutti i negozi (sede)</translation>
    </message>
    <message>
      <source>this store</source>
      <translation>questo negozio</translation>
    </message>
    <message>
      <source>(empty)</source>
      <translation>(vuoto)</translation>
    </message>
    <message>
      <source>(removed)</source>
      <translation>(rimosso)</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>sì</translation>
    </message>
    <message>
      <source>no</source>
      <translation>no</translation>
    </message>
    <message>
      <source>{field}: HQ has “{hq}”, this terminal had “{mine}”</source>
      <translation>{field}: la sede ha “{hq}”, questa cassa aveva “{mine}”</translation>
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
      <translation>Si è verificato un problema nella cassa ({error}). Quello che stavi facendo potrebbe non essere stato completato: controllalo e avvisa l'IT se succede di nuovo.</translation>
    </message>
    <message>
      <source>The details are in the log: {path}</source>
      <translation>I dettagli sono nel log: {path}</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Uso</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Via</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Città</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Provincia</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>CAP</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Paese</translation>
    </message>
    <message>
      <source>Contact name</source>
      <translation>Nome del contatto</translation>
    </message>
    <message>
      <source>Contact phone</source>
      <translation>Telefono del contatto</translation>
    </message>
    <message>
      <source>ZIP and city</source>
      <translation>CAP e città</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Contatto</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Nome</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefono</translation>
    </message>
    <message>
      <source>This store defines no customer attributes.</source>
      <translation>Questo negozio non definisce attributi cliente.</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>Sì</translation>
    </message>
    <message>
      <source>— choose —</source>
      <translation>— scegli —</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>non impostato</translation>
    </message>
    <message>
      <source>a number</source>
      <translation>un numero</translation>
    </message>
    <message>
      <source>another email</source>
      <translation>un'altra e-mail</translation>
    </message>
    <message>
      <source>another phone</source>
      <translation>un altro telefono</translation>
    </message>
    <message>
      <source>Marketing consent</source>
      <translation>Consenso marketing</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <source>Add email</source>
      <translation>Aggiungi e-mail</translation>
    </message>
    <message>
      <source>Add phone</source>
      <translation>Aggiungi telefono</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>Conto</translation>
    </message>
    <message>
      <source>Store</source>
      <translation>Negozio</translation>
    </message>
    <message>
      <source>All stores (HQ)</source>
      <translation>Tutti i negozi (sede)</translation>
    </message>
    <message>
      <source>This store</source>
      <translation>Questo negozio</translation>
    </message>
    <message>
      <source>Rejected by HQ</source>
      <translation>Rifiutato dalla sede</translation>
    </message>
    <message>
      <source>{account} · change pending sync</source>
      <translation>{account} · modifica in attesa di sincronizzazione</translation>
    </message>
    <message>
      <source>Pending sync</source>
      <translation>In attesa di sincronizzazione</translation>
    </message>
    <message>
      <source>number</source>
      <translation>numero</translation>
    </message>
    <message>
      <source>date</source>
      <translation>data</translation>
    </message>
    <message>
      <source>yes/no</source>
      <translation>sì/no</translation>
    </message>
    <message>
      <source>choice</source>
      <translation>scelta</translation>
    </message>
    <message>
      <source>text</source>
      <translation>testo</translation>
    </message>
    <message>
      <source>enhanced async customers</source>
      <translation>clienti asincroni avanzati</translation>
    </message>
    <message>
      <source>async customer addresses</source>
      <translation>indirizzi dei clienti asincroni</translation>
    </message>
    <message>
      <source>async customer edits</source>
      <translation>modifiche dei clienti asincrone</translation>
    </message>
    <message>
      <source>multiple contacts and marketing consent</source>
      <translation>contatti multipli e consenso marketing</translation>
    </message>
    <message>
      <source>required</source>
      <translation>obbligatorio</translation>
    </message>
    <message>
      <source>wrong kind of value</source>
      <translation>tipo di valore errato</translation>
    </message>
    <message>
      <source>not allowed here</source>
      <translation>non ammesso qui</translation>
    </message>
    <message>
      <source>a person needs a first or last name</source>
      <translation>una persona deve avere un nome o un cognome</translation>
    </message>
    <message>
      <source>not a valid e-mail address</source>
      <translation>indirizzo e-mail non valido</translation>
    </message>
    <message>
      <source>not a valid phone number</source>
      <translation>numero di telefono non valido</translation>
    </message>
    <message>
      <source>not a valid currency code</source>
      <translation>codice valuta non valido</translation>
    </message>
    <message>
      <source>not a valid language code</source>
      <translation>codice lingua non valido</translation>
    </message>
    <message>
      <source>not a valid country code</source>
      <translation>codice paese non valido</translation>
    </message>
    <message>
      <source>an e-mail receipt needs a receipt e-mail address</source>
      <translation>lo scontrino via e-mail richiede un indirizzo e-mail per gli scontrini</translation>
    </message>
    <message>
      <source>unknown attribute</source>
      <translation>attributo sconosciuto</translation>
    </message>
    <message>
      <source>required attribute is missing</source>
      <translation>manca un attributo obbligatorio</translation>
    </message>
    <message>
      <source>an address needs a street, a city or a ZIP code</source>
      <translation>un indirizzo deve avere via, città o CAP</translation>
    </message>
    <message>
      <source>the same id twice</source>
      <translation>lo stesso id due volte</translation>
    </message>
    <message>
      <source>only one address can be primary</source>
      <translation>un solo indirizzo può essere principale</translation>
    </message>
    <message>
      <source>not a valid id</source>
      <translation>id non valido</translation>
    </message>
    <message>
      <source>the id belongs to a customer of another store</source>
      <translation>l'id appartiene a un cliente di un altro negozio</translation>
    </message>
    <message>
      <source>unknown customer</source>
      <translation>cliente sconosciuto</translation>
    </message>
    <message>
      <source>unknown value “{value}”</source>
      <translation>valore sconosciuto «{value}»</translation>
    </message>
    <message>
      <source>needs the “{feature}” feature</source>
      <translation>richiede la funzione «{feature}»</translation>
    </message>
    <message>
      <source>not a valid {type}</source>
      <translation>valore non valido ({type})</translation>
    </message>
    <message>
      <source>Please correct: {fields}</source>
      <translation>Correggi: {fields}</translation>
    </message>
    <message>
      <source>Something went wrong: {error}</source>
      <translation>Si è verificato un errore: {error}</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>Casa</translation>
    </message>
    <message>
      <source>Business</source>
      <translation>Azienda</translation>
    </message>
    <message>
      <source>Office</source>
      <translation>Ufficio</translation>
    </message>
    <message>
      <source>Post box</source>
      <translation>Casella postale</translation>
    </message>
    <message>
      <source>Waiting for HQ</source>
      <translation>In attesa della sede</translation>
    </message>
    <message>
      <source>Synced</source>
      <translation>Sincronizzato</translation>
    </message>
    <message>
      <source>Change pending sync</source>
      <translation>Modifica in attesa di sincronizzazione</translation>
    </message>
    <message>
      <source>never</source>
      <translation>mai</translation>
    </message>
    <message numerus="yes">
      <source>at most %n character(s)</source>
      <translation>
        <numerusform>al massimo %n carattere</numerusform>
        <numerusform>al massimo %n caratteri</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>at least %n character(s)</source>
      <translation>
        <numerusform>almeno %n carattere</numerusform>
        <numerusform>almeno %n caratteri</numerusform>
      </translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titolo</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Nome</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Secondo nome</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Cognome</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Ragione sociale</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>E-mail per lo scontrino</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Gruppo clienti</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Valuta</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Affiliazioni</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Altre e-mail e telefoni</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Indirizzo</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Attributi</translation>
    </message>
    <message>
      <source>Customer id</source>
      <translation>ID cliente</translation>
    </message>
    <message>
      <source>the customer's data was erased at HQ (right to be forgotten)</source>
      <translation>i dati del cliente sono stati cancellati dalla sede (diritto all'oblio)</translation>
    </message>
  </context>
  <context>
    <name>RegisterPage</name>
    <message>
      <source>Current transaction</source>
      <translation>Transazione corrente</translation>
    </message>
    <message>
      <source>No items yet. Scan or key in items to start the sale.</source>
      <translation>Ancora nessun articolo. Scansiona o digita gli articoli per iniziare la vendita.</translation>
    </message>
    <message>
      <source>Total {amount}</source>
      <translation>Totale {amount}</translation>
    </message>
    <message>
      <source>Customer add	F3</source>
      <translation>Aggiungi cliente	F3</translation>
    </message>
    <message>
      <source>Customer search	F2</source>
      <translation>Cerca cliente	F2</translation>
    </message>
    <message>
      <source>Customer clear</source>
      <translation>Rimuovi cliente</translation>
    </message>
    <message>
      <source>Customer details</source>
      <translation>Dettagli cliente</translation>
    </message>
    <message>
      <source>Disconnect</source>
      <translation>Disconnetti</translation>
    </message>
    <message>
      <source>Sync worklist	F6</source>
      <translation>Elenco sincronizzazione	F6</translation>
    </message>
    <message>
      <source>Operations</source>
      <translation>Operazioni</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>Connetti</translation>
    </message>
    <message>
      <source>This terminal has no HQ link configured.</source>
      <translation>Questa cassa non ha un collegamento con la sede configurato.</translation>
    </message>
  </context>
  <context>
    <name>SearchPage</name>
    <message>
      <source>Back</source>
      <translation>Indietro</translation>
    </message>
    <message>
      <source>Back to the register (Esc)</source>
      <translation>Torna alla cassa (Esc)</translation>
    </message>
    <message>
      <source>Search customers: name, phone, email, account number, ZIP…</source>
      <translation>Cerca clienti: nome, telefono, e-mail, numero conto, CAP…</translation>
    </message>
    <message>
      <source>Create customer</source>
      <translation>Crea cliente</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Aggiungi alla transazione</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Dettagli</translation>
    </message>
    <message>
      <source>Search all stores</source>
      <translation>Cerca in tutti i negozi</translation>
    </message>
    <message>
      <source>Type a name, phone, email, account number or ZIP.</source>
      <translation>Digita un nome, telefono, e-mail, numero conto o CAP.</translation>
    </message>
    <message>
      <source>No customers found at HQ.</source>
      <translation>Nessun cliente trovato in sede.</translation>
    </message>
    <message>
      <source>No customers found on this terminal.</source>
      <translation>Nessun cliente trovato su questa cassa.</translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) in all stores (HQ)</source>
      <translation>
        <numerusform>%n cliente in tutti i negozi (sede)</numerusform>
        <numerusform>%n clienti in tutti i negozi (sede)</numerusform>
      </translation>
    </message>
    <message>
      <source>No customer matches every word; these match some of them.</source>
      <translation>Nessun cliente corrisponde a tutte le parole; questi corrispondono ad alcune.</translation>
    </message>
    <message numerus="yes">
      <source>First %n customer(s): type more to narrow the search.</source>
      <translation>
        <numerusform>Primo cliente: digita altro per restringere la ricerca.</numerusform>
        <numerusform>Primi %n clienti: digita altro per restringere la ricerca.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n cliente</numerusform>
        <numerusform>%n clienti</numerusform>
      </translation>
    </message>
    <message>
      <source>Search failed: {error}</source>
      <translation>Ricerca non riuscita: {error}</translation>
    </message>
    <message>
      <source>Searching all stores…</source>
      <translation>Ricerca in tutti i negozi…</translation>
    </message>
    <message>
      <source>HQ could not be reached; only this store's customers are shown.</source>
      <translation>Impossibile raggiungere la sede: sono mostrati solo i clienti di questo negozio.</translation>
    </message>
    <message>
      <source>HQ search failed: {error}</source>
      <translation>Ricerca in sede non riuscita: {error}</translation>
    </message>
    <message>
      <source>Search all stores needs the HQ link.</source>
      <translation>La ricerca in tutti i negozi richiede il collegamento con la sede.</translation>
    </message>
    <message numerus="yes">
      <source>Search all stores needs at least %n character(s).</source>
      <translation>
        <numerusform>La ricerca in tutti i negozi richiede almeno %n carattere.</numerusform>
        <numerusform>La ricerca in tutti i negozi richiede almeno %n caratteri.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SignInPage</name>
    <message>
      <source>e.g. 1001</source>
      <translation>es. 1001</translation>
    </message>
    <message>
      <source>Operator ID</source>
      <translation>ID operatore</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Accedi</translation>
    </message>
    <message>
      <source>POS Desktop</source>
      <translation>POS Desktop</translation>
    </message>
    <message>
      <source>{store} · terminal {terminal}</source>
      <translation>{store} · cassa {terminal}</translation>
    </message>
    <message>
      <source>Sign-in works offline: operators are checked on this terminal.</source>
      <translation>L'accesso funziona anche offline: gli operatori vengono verificati su questa cassa.</translation>
    </message>
    <message>
      <source>Enter your operator ID and password.</source>
      <translation>Inserisci ID operatore e password.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Verifica…</translation>
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message>
      <source>Checking the database…</source>
      <translation>Verifica del database…</translation>
    </message>
    <message>
      <source>Compacting the customer database after the update…</source>
      <translation>Compattazione del database clienti dopo l’aggiornamento…</translation>
    </message>
    <message>
      <source>This can take a minute or two. Searching works meanwhile; saving waits until it has finished.</source>
      <translation>Può durare un minuto o due. Intanto la ricerca funziona; il salvataggio attende la fine.</translation>
    </message>
    <message>
      <source>Saving waits until the check has finished.</source>
      <translation>Il salvataggio attende la fine della verifica.</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Sincronizza ora</translation>
    </message>
    <message>
      <source>Upload pending customers and fetch updates now</source>
      <translation>Invia ora i clienti in attesa e scarica gli aggiornamenti</translation>
    </message>
    <message>
      <source>Open the sync worklist (F6)</source>
      <translation>Apri l'elenco di sincronizzazione (F6)</translation>
    </message>
    <message>
      <source>HQ: Offline (manual)</source>
      <translation>Sede: Offline (manuale)</translation>
    </message>
    <message>
      <source>HQ: Online</source>
      <translation>Sede: Online</translation>
    </message>
    <message>
      <source>HQ: Offline</source>
      <translation>Sede: Offline</translation>
    </message>
    <message>
      <source>last contact {when}</source>
      <translation>ultimo contatto {when}</translation>
    </message>
    <message>
      <source>Last sync: {when}</source>
      <translation>Ultima sincr.: {when}</translation>
    </message>
    <message numerus="yes">
      <source>Pending sync: %n</source>
      <translation>
        <numerusform>In attesa di sincronizzazione: %n</numerusform>
        <numerusform>In attesa di sincronizzazione: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Rejected: %n</source>
      <translation>
        <numerusform>Rifiutato: %n</numerusform>
        <numerusform>Rifiutati: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Conflicts: %n</source>
      <translation>
        <numerusform>Conflitto: %n</numerusform>
        <numerusform>Conflitti: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Quarantined: %n</source>
      <translation>
        <numerusform>In quarantena: %n</numerusform>
        <numerusform>In quarantena: %n</numerusform>
      </translation>
    </message>
    <message>
      <source>Last sync: requested…</source>
      <translation>Ultima sincr.: richiesta…</translation>
    </message>
    <message>
      <source>New customers: {new} · Customers with changes: {changed}</source>
      <translation>Nuovi clienti: {new} · Clienti con modifiche: {changed}</translation>
    </message>
  </context>
  <context>
    <name>WorklistPage</name>
    <message>
      <source>Back</source>
      <translation>Indietro</translation>
    </message>
    <message>
      <source>Sync worklist</source>
      <translation>Elenco di sincronizzazione</translation>
    </message>
    <message>
      <source>&amp;Show:</source>
      <translation>&amp;Mostra:</translation>
    </message>
    <message>
      <source>Everything</source>
      <translation>Tutto</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>Conflitti</translation>
    </message>
    <message>
      <source>Quarantined</source>
      <translation>In quarantena</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Apri</translation>
    </message>
    <message>
      <source>Open the customer to correct it (Enter)</source>
      <translation>Apri il cliente per correggerlo (Invio)</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Cliente</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Stato</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Età</translation>
    </message>
    <message>
      <source>Created by</source>
      <translation>Creato da</translation>
    </message>
    <message>
      <source>Terminal</source>
      <translation>Terminale</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Motivo</translation>
    </message>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n record</numerusform>
        <numerusform>%n record</numerusform>
      </translation>
    </message>
    <message>
      <source>Nothing to work on.</source>
      <translation>Niente da fare.</translation>
    </message>
    <message>
      <source>Conflicts: another change reached HQ first, so HQ's value stands; keep it or use this terminal's value.</source>
      <translation>Conflitti: un'altra modifica è arrivata prima in sede, quindi vale il valore della sede; tienilo o usa il valore di questa cassa.</translation>
    </message>
    <message>
      <source>Rejected customers: open one (Enter), correct it and resubmit it. Pending ones go to HQ by themselves when the link is up.</source>
      <translation>Clienti rifiutati: aprine uno (Invio), correggilo e invialo di nuovo. Quelli in attesa vanno alla sede da soli quando il collegamento è attivo.</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>Conflitto</translation>
    </message>
    <message>
      <source>Change rejected by HQ</source>
      <translation>Modifica rifiutata dalla sede</translation>
    </message>
    <message>
      <source>Unreadable record</source>
      <translation>Record illeggibile</translation>
    </message>
    <message>
      <source>command line</source>
      <translation>riga di comando</translation>
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
        <numerusform>%n g</numerusform>
        <numerusform>%n g</numerusform>
      </translation>
    </message>
    <message>
      <source>Changed: {fields}</source>
      <translation>Modificato: {fields}</translation>
    </message>
  </context>
  <context>
    <name>domain</name>
    <message>
      <source>Only one address can be primary.</source>
      <translation>Un solo indirizzo può essere principale.</translation>
    </message>
    <message>
      <source>Not one of the allowed values.</source>
      <translation>Non è uno dei valori consentiti.</translation>
    </message>
    <message>
      <source>Required.</source>
      <translation>Obbligatorio.</translation>
    </message>
    <message>
      <source>Not available for customers created asynchronously.</source>
      <translation>Non disponibile per i clienti creati in modo asincrono.</translation>
    </message>
    <message>
      <source>Your role may not create customers in this store.</source>
      <translation>Il tuo ruolo non può creare clienti in questo negozio.</translation>
    </message>
    <message>
      <source>Your role may not edit customers in this store.</source>
      <translation>Il tuo ruolo non può modificare clienti in questo negozio.</translation>
    </message>
    <message>
      <source>Your role may not add, change or remove addresses in this store.</source>
      <translation>Il tuo ruolo non può aggiungere, modificare o rimuovere indirizzi in questo negozio.</translation>
    </message>
    <message>
      <source>Your role may not correct and resubmit rejected customers in this store.</source>
      <translation>Il tuo ruolo non può correggere e reinviare clienti rifiutati in questo negozio.</translation>
    </message>
    <message>
      <source>Your role may not disconnect or connect the terminal in this store.</source>
      <translation>Il tuo ruolo non può disconnettere o connettere il terminale in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not create customers in this store.</source>
      <translation>Il tuo ruolo (cassiere) non può creare clienti in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not edit customers in this store.</source>
      <translation>Il tuo ruolo (cassiere) non può modificare clienti in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not add, change or remove addresses in this store.</source>
      <translation>Il tuo ruolo (cassiere) non può aggiungere, modificare o rimuovere indirizzi in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not correct and resubmit rejected customers in this store.</source>
      <translation>Il tuo ruolo (cassiere) non può correggere e reinviare clienti rifiutati in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not disconnect or connect the terminal in this store.</source>
      <translation>Il tuo ruolo (cassiere) non può disconnettere o connettere il terminale in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not create customers in this store.</source>
      <translation>Il tuo ruolo (responsabile del negozio) non può creare clienti in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not edit customers in this store.</source>
      <translation>Il tuo ruolo (responsabile del negozio) non può modificare clienti in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not add, change or remove addresses in this store.</source>
      <translation>Il tuo ruolo (responsabile del negozio) non può aggiungere, modificare o rimuovere indirizzi in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not correct and resubmit rejected customers in this store.</source>
      <translation>Il tuo ruolo (responsabile del negozio) non può correggere e reinviare clienti rifiutati in questo negozio.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not disconnect or connect the terminal in this store.</source>
      <translation>Il tuo ruolo (responsabile del negozio) non può disconnettere o connettere il terminale in questo negozio.</translation>
    </message>
    <message>
      <source>A customer created asynchronously takes one address: this store's async customer addresses feature is off.</source>
      <translation>Un cliente creato in modo asincrono ha un solo indirizzo: in questo negozio la funzione indirizzi cliente asincroni è disattivata.</translation>
    </message>
    <message>
      <source>This customer is pending sync and cannot be edited until HQ has assigned its account number.</source>
      <translation>Questo cliente è in attesa di sincronizzazione e non può essere modificato finché la sede non gli assegna il numero di conto.</translation>
    </message>
    <message>
      <source>Editing customers needs the HQ link, which is down.</source>
      <translation>La modifica dei clienti richiede il collegamento con la sede, che non è attivo.</translation>
    </message>
    <message>
      <source>Addresses cannot be added to a customer pending sync (the async customer addresses feature is off).</source>
      <translation>Non è possibile aggiungere indirizzi a un cliente in attesa di sincronizzazione (la funzione indirizzi cliente asincroni è disattivata).</translation>
    </message>
    <message>
      <source>Only customers HQ rejected can be resubmitted.</source>
      <translation>Solo i clienti rifiutati dalla sede possono essere reinviati.</translation>
    </message>
    <message>
      <source>A loyalty card can be issued once the customer has synced.</source>
      <translation>La carta fedeltà può essere emessa dopo la sincronizzazione del cliente.</translation>
    </message>
    <message>
      <source>Issuing a loyalty card needs the HQ link.</source>
      <translation>L'emissione della carta fedeltà richiede il collegamento con la sede.</translation>
    </message>
    <message>
      <source>Secondary emails and phones need the multiple contacts and marketing consent feature.</source>
      <translation>Le e-mail e i telefoni secondari richiedono la funzione contatti multipli e consenso marketing.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not available in async mode.</source>
      <translation>Le e-mail e i telefoni secondari non sono disponibili in modalità asincrona.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not enabled for this store.</source>
      <translation>Email e telefoni aggiuntivi non sono abilitati per questo negozio.</translation>
    </message>
    <message>
      <source>The customer is created at HQ now.</source>
      <translation>Il cliente viene creato subito in sede.</translation>
    </message>
    <message>
      <source>The store creates customers asynchronously: "Pending sync" until HQ assigns the account number.</source>
      <translation>Il negozio crea i clienti in modo asincrono: "In attesa di sincronizzazione" finché la sede non assegna il numero di conto.</translation>
    </message>
    <message>
      <source>HQ is offline: the customer is saved here as "Pending sync" and uploaded when the link returns.</source>
      <translation>La sede è offline: il cliente viene salvato qui come "In attesa di sincronizzazione" e inviato al ritorno del collegamento.</translation>
    </message>
    <message>
      <source>HQ is offline and this store keeps no customer data on the terminal, so customers cannot be created until the link returns.</source>
      <translation>La sede è offline e questo negozio non conserva dati dei clienti sulla cassa: non è possibile creare clienti finché il collegamento non torna attivo.</translation>
    </message>
    <message>
      <source>Remove control characters and invisible formatting characters.</source>
      <translation>Rimuovi i caratteri di controllo e i caratteri di formattazione invisibili.</translation>
    </message>
    <message>
      <source>Must be a UUID.</source>
      <translation>Deve essere un UUID.</translation>
    </message>
    <message>
      <source>At most {limit} characters.</source>
      <translation>Al massimo {limit} caratteri.</translation>
    </message>
    <message>
      <source>At most {limit} addresses.</source>
      <translation>Al massimo {limit} indirizzi.</translation>
    </message>
    <message>
      <source>At most {limit} contacts.</source>
      <translation>Al massimo {limit} contatti.</translation>
    </message>
    <message>
      <source>At most {limit} affiliations.</source>
      <translation>Al massimo {limit} affiliazioni.</translation>
    </message>
    <message>
      <source>Use a two-letter country code.</source>
      <translation>Usa un codice paese di due lettere.</translation>
    </message>
    <message>
      <source>Enter a street, city or ZIP.</source>
      <translation>Inserisci via, città o CAP.</translation>
    </message>
    <message>
      <source>Choose a title from the list.</source>
      <translation>Scegli un titolo dall'elenco.</translation>
    </message>
    <message>
      <source>Email receipts need an email.</source>
      <translation>Gli scontrini via e-mail richiedono un indirizzo e-mail.</translation>
    </message>
    <message>
      <source>Unknown customer group.</source>
      <translation>Gruppo clienti sconosciuto.</translation>
    </message>
    <message>
      <source>Use a three-letter code.</source>
      <translation>Usa un codice di tre lettere.</translation>
    </message>
    <message>
      <source>Not a valid email address.</source>
      <translation>Indirizzo e-mail non valido.</translation>
    </message>
    <message>
      <source>Not a valid phone number.</source>
      <translation>Numero di telefono non valido.</translation>
    </message>
    <message>
      <source>Unknown attribute.</source>
      <translation>Attributo sconosciuto.</translation>
    </message>
    <message>
      <source>Enter the first name.</source>
      <translation>Inserisci il nome.</translation>
    </message>
    <message>
      <source>Enter the last name.</source>
      <translation>Inserisci il cognome.</translation>
    </message>
    <message>
      <source>Enter the organization name.</source>
      <translation>Inserisci la ragione sociale.</translation>
    </message>
    <message>
      <source>Unknown affiliation.</source>
      <translation>Affiliazione sconosciuta.</translation>
    </message>
    <message>
      <source>Enter a value or remove it.</source>
      <translation>Inserisci un valore o rimuovilo.</translation>
    </message>
    <message>
      <source>Not a valid {definition.type.value}.</source>
      <translation>Valore non valido ({definition.type.value}).</translation>
    </message>
    <message>
      <source>A customer with this id already exists, with different data; nothing was changed.</source>
      <translation>Esiste già un cliente con questo ID, con dati diversi; non è stato modificato nulla.</translation>
    </message>
    <message>
      <source>Someone changed this customer meanwhile. The latest version is shown; make your change again.</source>
      <translation>Nel frattempo qualcuno ha modificato questo cliente. È visualizzata la versione più recente: ripeti la modifica.</translation>
    </message>
    <message>
      <source>No customer {key} on this terminal.</source>
      <translation>Nessun cliente {key} su questa cassa.</translation>
    </message>
    <message>
      <source>HQ does not know this operator in this store; nothing was changed.</source>
      <translation>La sede non conosce questo operatore in questo negozio; non è stato modificato nulla.</translation>
    </message>
    <message>
      <source>HQ could not be reached, so the change was not saved.</source>
      <translation>Impossibile raggiungere la sede: la modifica non è stata salvata.</translation>
    </message>
    <message>
      <source>HQ could not be reached.</source>
      <translation>Impossibile raggiungere la sede.</translation>
    </message>
    <message>
      <source>Wrong operator ID or password.</source>
      <translation>ID operatore o password errati.</translation>
    </message>
    <message>
      <source>This terminal was deactivated: activate it again.</source>
      <translation>Questa cassa è stata disattivata: attivala di nuovo.</translation>
    </message>
    <message>
      <source>This terminal's device token is not in the keyring: activate it again.</source>
      <translation>Il token del dispositivo di questa cassa non è nel portachiavi: attivala di nuovo.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: correct it and resubmit it; an edit alone would never reach HQ.</source>
      <translation>La sede ha rifiutato questo cliente: correggilo e invialo di nuovo; una semplice modifica non arriverebbe mai alla sede.</translation>
    </message>
  </context>
</TS>
