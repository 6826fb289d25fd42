<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
  <context>
    <name>AddressDialog</name>
    <message>
      <source>New address</source>
      <translation>Nouvelle adresse</translation>
    </message>
    <message>
      <source>Edit address</source>
      <translation>Modifier l'adresse</translation>
    </message>
    <message>
      <source>Primary address</source>
      <translation>Adresse principale</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Ajouter une adresse</translation>
    </message>
    <message>
      <source>Save address</source>
      <translation>Enregistrer l'adresse</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>The contact name and phone default to the customer's.</source>
      <translation>Le nom et le téléphone du contact sont par défaut ceux du client.</translation>
    </message>
  </context>
  <context>
    <name>ChoiceBar</name>
    <message>
      <source>&amp;Keep HQ's value</source>
      <translation>&amp;Garder la valeur du siège</translation>
    </message>
    <message>
      <source>&amp;Use mine</source>
      <translation>&amp;Utiliser la mienne</translation>
    </message>
    <message>
      <source>&amp;Dismiss</source>
      <translation>&amp;Ignorer</translation>
    </message>
    <message>
      <source>HQ refused this terminal's change of {fields}; HQ's data is shown.</source>
      <translation>Le siège a refusé la modification de {fields} faite sur cette caisse ; les données du siège sont affichées.</translation>
    </message>
    <message>
      <source>Sign in to choose.</source>
      <translation>Connectez-vous pour choisir.</translation>
    </message>
    <message>
      <source>This terminal's value is saved.</source>
      <translation>La valeur de cette caisse est enregistrée.</translation>
    </message>
    <message>
      <source>HQ's value is kept.</source>
      <translation>La valeur du siège est conservée.</translation>
    </message>
    <message>
      <source>Dismissed.</source>
      <translation>Ignoré.</translation>
    </message>
  </context>
  <context>
    <name>CustomerFields</name>
    <message>
      <source>Person</source>
      <translation>Particulier</translation>
    </message>
    <message>
      <source>Organization</source>
      <translation>Entreprise</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Civilité</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Prénom</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Deuxième prénom</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Raison sociale</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Téléphone</translation>
    </message>
    <message>
      <source>Defaults from the store's default customer ({name}); change them if needed.</source>
      <translation>Valeurs reprises du client par défaut du magasin ({name}) ; modifiez-les si besoin.</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>Imprimer</translation>
    </message>
    <message>
      <source>Print and email</source>
      <translation>Imprimer et envoyer par e-mail</translation>
    </message>
    <message>
      <source>No receipt</source>
      <translation>Pas de ticket</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Ticket de caisse</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>E-mail du ticket</translation>
    </message>
    <message>
      <source>inherited: {email}</source>
      <translation>hérité : {email}</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Groupe de clients</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Devise</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Langue</translation>
    </message>
    <message>
      <source>Financial dimensions come from the default customer's group.</source>
      <translation>Les axes analytiques viennent du groupe du client par défaut.</translation>
    </message>
    <message>
      <source>Financial dimensions</source>
      <translation>Axes analytiques</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Attributs</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Client</translation>
    </message>
    <message>
      <source>Receipt and account</source>
      <translation>Ticket et compte</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Affiliations</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Autres e-mails et téléphones</translation>
    </message>
    <message>
      <source>Main details</source>
      <translation>Informations principales</translation>
    </message>
    <message>
      <source>More details</source>
      <translation>Autres informations</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>Contacts</translation>
    </message>
  </context>
  <context>
    <name>CustomerPanel</name>
    <message>
      <source>No customer</source>
      <translation>Aucun client</translation>
    </message>
    <message>
      <source>Press Customer search (F2) or Customer add (F3).</source>
      <translation>Appuyez sur Rechercher un client (F2) ou Ajouter un client (F3).</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(sans nom)</translation>
    </message>
    <message>
      <source>Loyalty card: {cards}</source>
      <translation>Carte de fidélité : {cards}</translation>
    </message>
    <message>
      <source>No loyalty card</source>
      <translation>Pas de carte de fidélité</translation>
    </message>
    <message>
      <source>Customer removed</source>
      <translation>Client supprimé</translation>
    </message>
    <message>
      <source>Their data was erased at HQ. Attach another customer if needed.</source>
      <translation>Ses données ont été effacées au siège. Associez un autre client si nécessaire.</translation>
    </message>
  </context>
  <context>
    <name>DetailsPage</name>
    <message>
      <source>Back</source>
      <translation>Retour</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Ajouter à la transaction</translation>
    </message>
    <message>
      <source>Save changes</source>
      <translation>Enregistrer les modifications</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Adresses</translation>
    </message>
    <message>
      <source>Loyalty</source>
      <translation>Fidélité</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Usage</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Rue</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Ville</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>Code postal</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Pays</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>Primary</source>
      <translation>Principale</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Ajouter une adresse</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Modifier</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Supprimer</translation>
    </message>
    <message>
      <source>Set primary</source>
      <translation>Définir comme principale</translation>
    </message>
    <message>
      <source>Issue loyalty card</source>
      <translation>Émettre une carte de fidélité</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(sans nom)</translation>
    </message>
    <message>
      <source>Saved on this terminal; it goes to HQ with the next sync.</source>
      <translation>Enregistré sur cette caisse ; envoyé au siège à la prochaine synchronisation.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: {reason}</source>
      <translation>Le siège a refusé ce client : {reason}</translation>
    </message>
    <message>
      <source>No loyalty card yet.</source>
      <translation>Pas encore de carte de fidélité.</translation>
    </message>
    <message>
      <source>Correct and resubmit</source>
      <translation>Corriger et renvoyer</translation>
    </message>
    <message>
      <source>Corrected and resubmitted: pending sync again.</source>
      <translation>Corrigé et renvoyé : de nouveau en attente de synchronisation.</translation>
    </message>
    <message>
      <source>Saved at HQ.</source>
      <translation>Enregistré au siège.</translation>
    </message>
    <message>
      <source>Saved on this terminal: the change goes to HQ with the next sync.</source>
      <translation>Enregistré sur cette caisse : la modification part au siège à la prochaine synchronisation.</translation>
    </message>
    <message>
      <source>Address added.</source>
      <translation>Adresse ajoutée.</translation>
    </message>
    <message>
      <source>Remove address</source>
      <translation>Supprimer l'adresse</translation>
    </message>
    <message>
      <source>Remove the address {address} from this customer at HQ?</source>
      <translation>Supprimer l'adresse {address} de ce client au siège ?</translation>
    </message>
    <message>
      <source>Loyalty card issued.</source>
      <translation>Carte de fidélité émise.</translation>
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
      <translation>&lt;b&gt;{name}&lt;/b&gt; · {store} · caisse {terminal}</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>Se déconnecter</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Langue</translation>
    </message>
    <message>
      <source>Store manager</source>
      <translation>Responsable de magasin</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Caissier</translation>
    </message>
    <message>
      <source>{name} ({id}) · {role}</source>
      <translation>{name} ({id}) · {role}</translation>
    </message>
    <message>
      <source>Not signed in</source>
      <translation>Non connecté</translation>
    </message>
  </context>
  <context>
    <name>NewCustomerDialog</name>
    <message>
      <source>New customer</source>
      <translation>Nouveau client</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Save customer</source>
      <translation>Enregistrer le client</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Adresses</translation>
    </message>
    <message>
      <source>Saving is unavailable until the HQ link returns.</source>
      <translation>L'enregistrement est indisponible jusqu'au retour de la liaison avec le siège.</translation>
    </message>
    <message>
      <source>Possible duplicates — is the customer already known?</source>
      <translation>Doublons possibles — le client est-il déjà connu ?</translation>
    </message>
    <message>
      <source>Use this customer instead</source>
      <translation>Utiliser plutôt ce client</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Enregistrement…</translation>
    </message>
    <message>
      <source>Discard this new customer?</source>
      <translation>Abandonner ce nouveau client ?</translation>
    </message>
    <message>
      <source>What you typed will be lost.</source>
      <translation>Ce que vous avez saisi sera perdu.</translation>
    </message>
    <message>
      <source>&amp;Discard</source>
      <translation>&amp;Abandonner</translation>
    </message>
    <message>
      <source>&amp;Keep editing</source>
      <translation>&amp;Continuer la saisie</translation>
    </message>
  </context>
  <context>
    <name>POS</name>
    <message>
      <source>Primary address</source>
      <translation>Adresse principale</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Supprimer</translation>
    </message>
    <message>
      <source>Add address</source>
      <translation>Ajouter une adresse</translation>
    </message>
    <message>
      <source>{purpose} · primary address</source>
      <translation>{purpose} · adresse principale</translation>
    </message>
    <message>
      <source>same phone</source>
      <translation>même téléphone</translation>
    </message>
    <message>
      <source>same email</source>
      <translation>même e-mail</translation>
    </message>
    <message>
      <source>same name and ZIP</source>
      <translation>même nom et code postal</translation>
    </message>
    <message>
      <source>all stores (HQ)</source>
      <translation>tous les magasins (siège)</translation>
    </message>
    <message>
      <source>this store</source>
      <translation>ce magasin</translation>
    </message>
    <message>
      <source>(empty)</source>
      <translation>(vide)</translation>
    </message>
    <message>
      <source>(removed)</source>
      <translation>(supprimée)</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>oui</translation>
    </message>
    <message>
      <source>no</source>
      <translation>non</translation>
    </message>
    <message>
      <source>{field}: HQ has “{hq}”, this terminal had “{mine}”</source>
      <translation>{field} : le siège a « {hq} », cette caisse avait « {mine} »</translation>
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
      <translation>Un problème est survenu dans la caisse ({error}). Ce que vous faisiez n'a peut-être pas abouti : vérifiez-le et prévenez l'informatique si cela se reproduit.</translation>
    </message>
    <message>
      <source>The details are in the log: {path}</source>
      <translation>Les détails sont dans le journal : {path}</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Usage</translation>
    </message>
    <message>
      <source>Street</source>
      <translation>Rue</translation>
    </message>
    <message>
      <source>City</source>
      <translation>Ville</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Région</translation>
    </message>
    <message>
      <source>ZIP</source>
      <translation>Code postal</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>Pays</translation>
    </message>
    <message>
      <source>Contact name</source>
      <translation>Nom du contact</translation>
    </message>
    <message>
      <source>Contact phone</source>
      <translation>Téléphone du contact</translation>
    </message>
    <message>
      <source>ZIP and city</source>
      <translation>Code postal et ville</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Téléphone</translation>
    </message>
    <message>
      <source>This store defines no customer attributes.</source>
      <translation>Ce magasin ne définit aucun attribut client.</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>Oui</translation>
    </message>
    <message>
      <source>— choose —</source>
      <translation>— choisir —</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>non défini</translation>
    </message>
    <message>
      <source>a number</source>
      <translation>un nombre</translation>
    </message>
    <message>
      <source>another email</source>
      <translation>un autre e-mail</translation>
    </message>
    <message>
      <source>another phone</source>
      <translation>un autre téléphone</translation>
    </message>
    <message>
      <source>Marketing consent</source>
      <translation>Consentement marketing</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <source>Add email</source>
      <translation>Ajouter un e-mail</translation>
    </message>
    <message>
      <source>Add phone</source>
      <translation>Ajouter un téléphone</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>Compte</translation>
    </message>
    <message>
      <source>Store</source>
      <translation>Magasin</translation>
    </message>
    <message>
      <source>All stores (HQ)</source>
      <translation>Tous les magasins (siège)</translation>
    </message>
    <message>
      <source>This store</source>
      <translation>Ce magasin</translation>
    </message>
    <message>
      <source>Rejected by HQ</source>
      <translation>Refusé par le siège</translation>
    </message>
    <message>
      <source>{account} · change pending sync</source>
      <translation>{account} · modification en attente de synchronisation</translation>
    </message>
    <message>
      <source>Pending sync</source>
      <translation>En attente de synchronisation</translation>
    </message>
    <message>
      <source>number</source>
      <translation>nombre</translation>
    </message>
    <message>
      <source>date</source>
      <translation>date</translation>
    </message>
    <message>
      <source>yes/no</source>
      <translation>oui/non</translation>
    </message>
    <message>
      <source>choice</source>
      <translation>choix</translation>
    </message>
    <message>
      <source>text</source>
      <translation>texte</translation>
    </message>
    <message>
      <source>enhanced async customers</source>
      <translation>clients asynchrones avancés</translation>
    </message>
    <message>
      <source>async customer addresses</source>
      <translation>adresses des clients asynchrones</translation>
    </message>
    <message>
      <source>async customer edits</source>
      <translation>modifications des clients asynchrones</translation>
    </message>
    <message>
      <source>multiple contacts and marketing consent</source>
      <translation>contacts multiples et consentement marketing</translation>
    </message>
    <message>
      <source>required</source>
      <translation>obligatoire</translation>
    </message>
    <message>
      <source>wrong kind of value</source>
      <translation>type de valeur incorrect</translation>
    </message>
    <message>
      <source>not allowed here</source>
      <translation>non autorisé ici</translation>
    </message>
    <message>
      <source>a person needs a first or last name</source>
      <translation>une personne doit avoir un prénom ou un nom</translation>
    </message>
    <message>
      <source>not a valid e-mail address</source>
      <translation>adresse e-mail non valide</translation>
    </message>
    <message>
      <source>not a valid phone number</source>
      <translation>numéro de téléphone non valide</translation>
    </message>
    <message>
      <source>not a valid currency code</source>
      <translation>code de devise non valide</translation>
    </message>
    <message>
      <source>not a valid language code</source>
      <translation>code de langue non valide</translation>
    </message>
    <message>
      <source>not a valid country code</source>
      <translation>code pays non valide</translation>
    </message>
    <message>
      <source>an e-mail receipt needs a receipt e-mail address</source>
      <translation>un reçu par e-mail nécessite une adresse e-mail pour les reçus</translation>
    </message>
    <message>
      <source>unknown attribute</source>
      <translation>attribut inconnu</translation>
    </message>
    <message>
      <source>required attribute is missing</source>
      <translation>attribut obligatoire manquant</translation>
    </message>
    <message>
      <source>an address needs a street, a city or a ZIP code</source>
      <translation>une adresse doit avoir une rue, une ville ou un code postal</translation>
    </message>
    <message>
      <source>the same id twice</source>
      <translation>le même identifiant deux fois</translation>
    </message>
    <message>
      <source>only one address can be primary</source>
      <translation>une seule adresse peut être principale</translation>
    </message>
    <message>
      <source>not a valid id</source>
      <translation>identifiant non valide</translation>
    </message>
    <message>
      <source>the id belongs to a customer of another store</source>
      <translation>l'identifiant appartient à un client d'un autre magasin</translation>
    </message>
    <message>
      <source>unknown customer</source>
      <translation>client inconnu</translation>
    </message>
    <message>
      <source>unknown value “{value}”</source>
      <translation>valeur inconnue « {value} »</translation>
    </message>
    <message>
      <source>needs the “{feature}” feature</source>
      <translation>nécessite la fonctionnalité « {feature} »</translation>
    </message>
    <message>
      <source>not a valid {type}</source>
      <translation>valeur non valide ({type})</translation>
    </message>
    <message>
      <source>Please correct: {fields}</source>
      <translation>Veuillez corriger : {fields}</translation>
    </message>
    <message>
      <source>Something went wrong: {error}</source>
      <translation>Une erreur s'est produite : {error}</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>Domicile</translation>
    </message>
    <message>
      <source>Business</source>
      <translation>Entreprise</translation>
    </message>
    <message>
      <source>Office</source>
      <translation>Bureau</translation>
    </message>
    <message>
      <source>Post box</source>
      <translation>Boîte postale</translation>
    </message>
    <message>
      <source>Waiting for HQ</source>
      <translation>En attente du siège</translation>
    </message>
    <message>
      <source>Synced</source>
      <translation>Synchronisé</translation>
    </message>
    <message>
      <source>Change pending sync</source>
      <translation>Modification en attente de synchronisation</translation>
    </message>
    <message>
      <source>never</source>
      <translation>jamais</translation>
    </message>
    <message numerus="yes">
      <source>at most %n character(s)</source>
      <translation>
        <numerusform>au plus %n caractère</numerusform>
        <numerusform>au plus %n caractères</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>at least %n character(s)</source>
      <translation>
        <numerusform>au moins %n caractère</numerusform>
        <numerusform>au moins %n caractères</numerusform>
      </translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Civilité</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>Prénom</translation>
    </message>
    <message>
      <source>Middle name</source>
      <translation>Deuxième prénom</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <source>Organization name</source>
      <translation>Raison sociale</translation>
    </message>
    <message>
      <source>Receipt email</source>
      <translation>E-mail du ticket</translation>
    </message>
    <message>
      <source>Customer group</source>
      <translation>Groupe de clients</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Devise</translation>
    </message>
    <message>
      <source>Affiliations</source>
      <translation>Affiliations</translation>
    </message>
    <message>
      <source>More emails and phones</source>
      <translation>Autres e-mails et téléphones</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Adresse</translation>
    </message>
    <message>
      <source>Attributes</source>
      <translation>Attributs</translation>
    </message>
    <message>
      <source>Customer id</source>
      <translation>ID client</translation>
    </message>
    <message>
      <source>the customer's data was erased at HQ (right to be forgotten)</source>
      <translation>les données du client ont été effacées au siège (droit à l'oubli)</translation>
    </message>
  </context>
  <context>
    <name>RegisterPage</name>
    <message>
      <source>Current transaction</source>
      <translation>Transaction en cours</translation>
    </message>
    <message>
      <source>No items yet. Scan or key in items to start the sale.</source>
      <translation>Aucun article. Scannez ou saisissez des articles pour commencer la vente.</translation>
    </message>
    <message>
      <source>Total {amount}</source>
      <translation>Total {amount}</translation>
    </message>
    <message>
      <source>Customer add	F3</source>
      <translation>Ajouter un client	F3</translation>
    </message>
    <message>
      <source>Customer search	F2</source>
      <translation>Rechercher un client	F2</translation>
    </message>
    <message>
      <source>Customer clear</source>
      <translation>Retirer le client</translation>
    </message>
    <message>
      <source>Customer details</source>
      <translation>Détails du client</translation>
    </message>
    <message>
      <source>Disconnect</source>
      <translation>Déconnecter</translation>
    </message>
    <message>
      <source>Sync worklist	F6</source>
      <translation>Liste de synchro	F6</translation>
    </message>
    <message>
      <source>Operations</source>
      <translation>Opérations</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>Connecter</translation>
    </message>
    <message>
      <source>This terminal has no HQ link configured.</source>
      <translation>Cette caisse n'a pas de liaison avec le siège configurée.</translation>
    </message>
  </context>
  <context>
    <name>SearchPage</name>
    <message>
      <source>Back</source>
      <translation>Retour</translation>
    </message>
    <message>
      <source>Back to the register (Esc)</source>
      <translation>Retour à la caisse (Échap)</translation>
    </message>
    <message>
      <source>Search customers: name, phone, email, account number, ZIP…</source>
      <translation>Rechercher des clients : nom, téléphone, e-mail, n° de compte, code postal…</translation>
    </message>
    <message>
      <source>Create customer</source>
      <translation>Créer un client</translation>
    </message>
    <message>
      <source>Add to transaction</source>
      <translation>Ajouter à la transaction</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Détails</translation>
    </message>
    <message>
      <source>Search all stores</source>
      <translation>Rechercher dans tous les magasins</translation>
    </message>
    <message>
      <source>Type a name, phone, email, account number or ZIP.</source>
      <translation>Saisissez un nom, un téléphone, un e-mail, un n° de compte ou un code postal.</translation>
    </message>
    <message>
      <source>No customers found at HQ.</source>
      <translation>Aucun client trouvé au siège.</translation>
    </message>
    <message>
      <source>No customers found on this terminal.</source>
      <translation>Aucun client trouvé sur cette caisse.</translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) in all stores (HQ)</source>
      <translation>
        <numerusform>%n client dans tous les magasins (siège)</numerusform>
        <numerusform>%n clients dans tous les magasins (siège)</numerusform>
      </translation>
    </message>
    <message>
      <source>No customer matches every word; these match some of them.</source>
      <translation>Aucun client ne correspond à tous les mots ; ceux-ci correspondent à certains.</translation>
    </message>
    <message numerus="yes">
      <source>First %n customer(s): type more to narrow the search.</source>
      <translation>
        <numerusform>Premier client : saisissez davantage pour affiner la recherche.</numerusform>
        <numerusform>%n premiers clients : saisissez davantage pour affiner la recherche.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n client</numerusform>
        <numerusform>%n clients</numerusform>
      </translation>
    </message>
    <message>
      <source>Search failed: {error}</source>
      <translation>Échec de la recherche : {error}</translation>
    </message>
    <message>
      <source>Searching all stores…</source>
      <translation>Recherche dans tous les magasins…</translation>
    </message>
    <message>
      <source>HQ could not be reached; only this store's customers are shown.</source>
      <translation>Le siège est injoignable : seuls les clients de ce magasin sont affichés.</translation>
    </message>
    <message>
      <source>HQ search failed: {error}</source>
      <translation>Échec de la recherche au siège : {error}</translation>
    </message>
    <message>
      <source>Search all stores needs the HQ link.</source>
      <translation>La recherche dans tous les magasins nécessite la liaison avec le siège.</translation>
    </message>
    <message numerus="yes">
      <source>Search all stores needs at least %n character(s).</source>
      <translation>
        <numerusform>La recherche dans tous les magasins nécessite au moins %n caractère.</numerusform>
        <numerusform>La recherche dans tous les magasins nécessite au moins %n caractères.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SignInPage</name>
    <message>
      <source>e.g. 1001</source>
      <translation>ex. 1001</translation>
    </message>
    <message>
      <source>Operator ID</source>
      <translation>ID opérateur</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Mot de passe</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Se connecter</translation>
    </message>
    <message>
      <source>POS Desktop</source>
      <translation>POS Desktop</translation>
    </message>
    <message>
      <source>{store} · terminal {terminal}</source>
      <translation>{store} · caisse {terminal}</translation>
    </message>
    <message>
      <source>Sign-in works offline: operators are checked on this terminal.</source>
      <translation>La connexion fonctionne hors ligne : les opérateurs sont vérifiés sur cette caisse.</translation>
    </message>
    <message>
      <source>Enter your operator ID and password.</source>
      <translation>Saisissez votre ID opérateur et votre mot de passe.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Vérification…</translation>
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message>
      <source>Checking the database…</source>
      <translation>Vérification de la base de données…</translation>
    </message>
    <message>
      <source>Compacting the customer database after the update…</source>
      <translation>Compactage de la base clients après la mise à jour…</translation>
    </message>
    <message>
      <source>This can take a minute or two. Searching works meanwhile; saving waits until it has finished.</source>
      <translation>Cela peut prendre une ou deux minutes. La recherche fonctionne en attendant ; l’enregistrement attend la fin.</translation>
    </message>
    <message>
      <source>Saving waits until the check has finished.</source>
      <translation>L’enregistrement attend la fin de la vérification.</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Synchroniser</translation>
    </message>
    <message>
      <source>Upload pending customers and fetch updates now</source>
      <translation>Envoyer les clients en attente et récupérer les mises à jour maintenant</translation>
    </message>
    <message>
      <source>Open the sync worklist (F6)</source>
      <translation>Ouvrir la liste de synchronisation (F6)</translation>
    </message>
    <message>
      <source>HQ: Offline (manual)</source>
      <translation>Siège : Hors ligne (manuel)</translation>
    </message>
    <message>
      <source>HQ: Online</source>
      <translation>Siège : En ligne</translation>
    </message>
    <message>
      <source>HQ: Offline</source>
      <translation>Siège : Hors ligne</translation>
    </message>
    <message>
      <source>last contact {when}</source>
      <translation>dernier contact {when}</translation>
    </message>
    <message>
      <source>Last sync: {when}</source>
      <translation>Dernière synchro : {when}</translation>
    </message>
    <message numerus="yes">
      <source>Pending sync: %n</source>
      <translation>
        <numerusform>En attente de synchronisation : %n</numerusform>
        <numerusform>En attente de synchronisation : %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Rejected: %n</source>
      <translation>
        <numerusform>Refusé : %n</numerusform>
        <numerusform>Refusés : %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Conflicts: %n</source>
      <translation>
        <numerusform>Conflit : %n</numerusform>
        <numerusform>Conflits : %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Quarantined: %n</source>
      <translation>
        <numerusform>En quarantaine : %n</numerusform>
        <numerusform>En quarantaine : %n</numerusform>
      </translation>
    </message>
    <message>
      <source>Last sync: requested…</source>
      <translation>Dernière synchro : demandée…</translation>
    </message>
    <message>
      <source>New customers: {new} · Customers with changes: {changed}</source>
      <translation>Nouveaux clients : {new} · Clients modifiés : {changed}</translation>
    </message>
  </context>
  <context>
    <name>WorklistPage</name>
    <message>
      <source>Back</source>
      <translation>Retour</translation>
    </message>
    <message>
      <source>Sync worklist</source>
      <translation>Liste de synchronisation</translation>
    </message>
    <message>
      <source>&amp;Show:</source>
      <translation>&amp;Afficher :</translation>
    </message>
    <message>
      <source>Everything</source>
      <translation>Tout</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>Conflits</translation>
    </message>
    <message>
      <source>Quarantined</source>
      <translation>En quarantaine</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Ouvrir</translation>
    </message>
    <message>
      <source>Open the customer to correct it (Enter)</source>
      <translation>Ouvrir le client pour le corriger (Entrée)</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Client</translation>
    </message>
    <message>
      <source>State</source>
      <translation>État</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Âge</translation>
    </message>
    <message>
      <source>Created by</source>
      <translation>Créé par</translation>
    </message>
    <message>
      <source>Terminal</source>
      <translation>Terminal</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Motif</translation>
    </message>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n enregistrement</numerusform>
        <numerusform>%n enregistrements</numerusform>
      </translation>
    </message>
    <message>
      <source>Nothing to work on.</source>
      <translation>Rien à traiter.</translation>
    </message>
    <message>
      <source>Conflicts: another change reached HQ first, so HQ's value stands; keep it or use this terminal's value.</source>
      <translation>Conflits : une autre modification est arrivée d'abord au siège, la valeur du siège s'applique ; gardez-la ou utilisez celle de cette caisse.</translation>
    </message>
    <message>
      <source>Rejected customers: open one (Enter), correct it and resubmit it. Pending ones go to HQ by themselves when the link is up.</source>
      <translation>Clients refusés : ouvrez-en un (Entrée), corrigez-le et renvoyez-le. Les clients en attente partent seuls vers le siège quand la liaison est active.</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>Conflit</translation>
    </message>
    <message>
      <source>Change rejected by HQ</source>
      <translation>Modification refusée par le siège</translation>
    </message>
    <message>
      <source>Unreadable record</source>
      <translation>Enregistrement illisible</translation>
    </message>
    <message>
      <source>command line</source>
      <translation>ligne de commande</translation>
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
        <numerusform>%n j</numerusform>
        <numerusform>%n j</numerusform>
      </translation>
    </message>
    <message>
      <source>Changed: {fields}</source>
      <translation>Modifié : {fields}</translation>
    </message>
  </context>
  <context>
    <name>domain</name>
    <message>
      <source>Only one address can be primary.</source>
      <translation>Une seule adresse peut être principale.</translation>
    </message>
    <message>
      <source>Not one of the allowed values.</source>
      <translation>Ne fait pas partie des valeurs autorisées.</translation>
    </message>
    <message>
      <source>Required.</source>
      <translation>Obligatoire.</translation>
    </message>
    <message>
      <source>Not available for customers created asynchronously.</source>
      <translation>Non disponible pour les clients créés en différé.</translation>
    </message>
    <message>
      <source>Your role may not create customers in this store.</source>
      <translation>Votre rôle ne permet pas de créer des clients dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role may not edit customers in this store.</source>
      <translation>Votre rôle ne permet pas de modifier des clients dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role may not add, change or remove addresses in this store.</source>
      <translation>Votre rôle ne permet pas d'ajouter, de modifier ou de supprimer des adresses dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role may not correct and resubmit rejected customers in this store.</source>
      <translation>Votre rôle ne permet pas de corriger et renvoyer des clients refusés dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role may not disconnect or connect the terminal in this store.</source>
      <translation>Votre rôle ne permet pas de déconnecter ou connecter le terminal dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not create customers in this store.</source>
      <translation>Votre rôle (caissier) ne permet pas de créer des clients dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not edit customers in this store.</source>
      <translation>Votre rôle (caissier) ne permet pas de modifier des clients dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not add, change or remove addresses in this store.</source>
      <translation>Votre rôle (caissier) ne permet pas d'ajouter, de modifier ou de supprimer des adresses dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not correct and resubmit rejected customers in this store.</source>
      <translation>Votre rôle (caissier) ne permet pas de corriger et renvoyer des clients refusés dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (cashier) may not disconnect or connect the terminal in this store.</source>
      <translation>Votre rôle (caissier) ne permet pas de déconnecter ou connecter le terminal dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not create customers in this store.</source>
      <translation>Votre rôle (responsable de magasin) ne permet pas de créer des clients dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not edit customers in this store.</source>
      <translation>Votre rôle (responsable de magasin) ne permet pas de modifier des clients dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not add, change or remove addresses in this store.</source>
      <translation>Votre rôle (responsable de magasin) ne permet pas d'ajouter, de modifier ou de supprimer des adresses dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not correct and resubmit rejected customers in this store.</source>
      <translation>Votre rôle (responsable de magasin) ne permet pas de corriger et renvoyer des clients refusés dans ce magasin.</translation>
    </message>
    <message>
      <source>Your role (store manager) may not disconnect or connect the terminal in this store.</source>
      <translation>Votre rôle (responsable de magasin) ne permet pas de déconnecter ou connecter le terminal dans ce magasin.</translation>
    </message>
    <message>
      <source>A customer created asynchronously takes one address: this store's async customer addresses feature is off.</source>
      <translation>Un client créé en mode asynchrone ne prend qu'une adresse : la fonction adresses client asynchrones est désactivée dans ce magasin.</translation>
    </message>
    <message>
      <source>This customer is pending sync and cannot be edited until HQ has assigned its account number.</source>
      <translation>Ce client est en attente de synchronisation et ne peut pas être modifié tant que le siège ne lui a pas attribué son numéro de compte.</translation>
    </message>
    <message>
      <source>Editing customers needs the HQ link, which is down.</source>
      <translation>La modification des clients nécessite la liaison avec le siège, qui est coupée.</translation>
    </message>
    <message>
      <source>Addresses cannot be added to a customer pending sync (the async customer addresses feature is off).</source>
      <translation>Impossible d'ajouter des adresses à un client en attente de synchronisation (la fonction adresses client en différé est désactivée).</translation>
    </message>
    <message>
      <source>Only customers HQ rejected can be resubmitted.</source>
      <translation>Seuls les clients refusés par le siège peuvent être renvoyés.</translation>
    </message>
    <message>
      <source>A loyalty card can be issued once the customer has synced.</source>
      <translation>Une carte de fidélité peut être émise une fois le client synchronisé.</translation>
    </message>
    <message>
      <source>Issuing a loyalty card needs the HQ link.</source>
      <translation>L'émission d'une carte de fidélité nécessite la liaison avec le siège.</translation>
    </message>
    <message>
      <source>Secondary emails and phones need the multiple contacts and marketing consent feature.</source>
      <translation>Les e-mails et téléphones secondaires nécessitent la fonction contacts multiples et consentement marketing.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not available in async mode.</source>
      <translation>Les e-mails et téléphones secondaires ne sont pas disponibles en mode différé.</translation>
    </message>
    <message>
      <source>Secondary emails and phones are not enabled for this store.</source>
      <translation>Les e-mails et téléphones supplémentaires ne sont pas activés pour ce magasin.</translation>
    </message>
    <message>
      <source>The customer is created at HQ now.</source>
      <translation>Le client est créé au siège immédiatement.</translation>
    </message>
    <message>
      <source>The store creates customers asynchronously: "Pending sync" until HQ assigns the account number.</source>
      <translation>Le magasin crée les clients en différé : « En attente de synchronisation » jusqu'à ce que le siège attribue le numéro de compte.</translation>
    </message>
    <message>
      <source>HQ is offline: the customer is saved here as "Pending sync" and uploaded when the link returns.</source>
      <translation>Le siège est hors ligne : le client est enregistré ici « En attente de synchronisation » et envoyé au retour de la liaison.</translation>
    </message>
    <message>
      <source>HQ is offline and this store keeps no customer data on the terminal, so customers cannot be created until the link returns.</source>
      <translation>Le siège est hors ligne et ce magasin ne conserve aucune donnée client sur la caisse : impossible de créer des clients avant le retour de la liaison.</translation>
    </message>
    <message>
      <source>Remove control characters and invisible formatting characters.</source>
      <translation>Supprimez les caractères de contrôle et les caractères de mise en forme invisibles.</translation>
    </message>
    <message>
      <source>Must be a UUID.</source>
      <translation>Doit être un UUID.</translation>
    </message>
    <message>
      <source>At most {limit} characters.</source>
      <translation>{limit} caractères au maximum.</translation>
    </message>
    <message>
      <source>At most {limit} addresses.</source>
      <translation>{limit} adresses au maximum.</translation>
    </message>
    <message>
      <source>At most {limit} contacts.</source>
      <translation>{limit} contacts au maximum.</translation>
    </message>
    <message>
      <source>At most {limit} affiliations.</source>
      <translation>{limit} affiliations au maximum.</translation>
    </message>
    <message>
      <source>Use a two-letter country code.</source>
      <translation>Utilisez un code pays à deux lettres.</translation>
    </message>
    <message>
      <source>Enter a street, city or ZIP.</source>
      <translation>Saisissez une rue, une ville ou un code postal.</translation>
    </message>
    <message>
      <source>Choose a title from the list.</source>
      <translation>Choisissez une civilité dans la liste.</translation>
    </message>
    <message>
      <source>Email receipts need an email.</source>
      <translation>Les tickets par e-mail nécessitent une adresse e-mail.</translation>
    </message>
    <message>
      <source>Unknown customer group.</source>
      <translation>Groupe de clients inconnu.</translation>
    </message>
    <message>
      <source>Use a three-letter code.</source>
      <translation>Utilisez un code à trois lettres.</translation>
    </message>
    <message>
      <source>Not a valid email address.</source>
      <translation>Adresse e-mail non valide.</translation>
    </message>
    <message>
      <source>Not a valid phone number.</source>
      <translation>Numéro de téléphone non valide.</translation>
    </message>
    <message>
      <source>Unknown attribute.</source>
      <translation>Attribut inconnu.</translation>
    </message>
    <message>
      <source>Enter the first name.</source>
      <translation>Saisissez le prénom.</translation>
    </message>
    <message>
      <source>Enter the last name.</source>
      <translation>Saisissez le nom.</translation>
    </message>
    <message>
      <source>Enter the organization name.</source>
      <translation>Saisissez la raison sociale.</translation>
    </message>
    <message>
      <source>Unknown affiliation.</source>
      <translation>Affiliation inconnue.</translation>
    </message>
    <message>
      <source>Enter a value or remove it.</source>
      <translation>Saisissez une valeur ou supprimez-la.</translation>
    </message>
    <message>
      <source>Not a valid {definition.type.value}.</source>
      <translation>Valeur non valide ({definition.type.value}).</translation>
    </message>
    <message>
      <source>A customer with this id already exists, with different data; nothing was changed.</source>
      <translation>Un client avec cet identifiant existe déjà, avec des données différentes ; rien n'a été modifié.</translation>
    </message>
    <message>
      <source>Someone changed this customer meanwhile. The latest version is shown; make your change again.</source>
      <translation>Quelqu'un a modifié ce client entre-temps. La dernière version est affichée ; refaites votre modification.</translation>
    </message>
    <message>
      <source>No customer {key} on this terminal.</source>
      <translation>Aucun client {key} sur cette caisse.</translation>
    </message>
    <message>
      <source>HQ does not know this operator in this store; nothing was changed.</source>
      <translation>Le siège ne connaît pas cet opérateur dans ce magasin ; rien n'a été modifié.</translation>
    </message>
    <message>
      <source>HQ could not be reached, so the change was not saved.</source>
      <translation>Le siège est injoignable : la modification n'a pas été enregistrée.</translation>
    </message>
    <message>
      <source>HQ could not be reached.</source>
      <translation>Le siège est injoignable.</translation>
    </message>
    <message>
      <source>Wrong operator ID or password.</source>
      <translation>Identifiant d'opérateur ou mot de passe incorrect.</translation>
    </message>
    <message>
      <source>This terminal was deactivated: activate it again.</source>
      <translation>Cette caisse a été désactivée : activez-la à nouveau.</translation>
    </message>
    <message>
      <source>This terminal's device token is not in the keyring: activate it again.</source>
      <translation>Le jeton d'appareil de cette caisse n'est pas dans le trousseau : activez-la à nouveau.</translation>
    </message>
    <message>
      <source>HQ rejected this customer: correct it and resubmit it; an edit alone would never reach HQ.</source>
      <translation>Le siège a refusé ce client : corrigez-le et renvoyez-le ; une simple modification n'atteindrait jamais le siège.</translation>
    </message>
  </context>
</TS>
