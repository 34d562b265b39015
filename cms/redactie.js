// Additions to the web editor (Decap CMS), loaded after decap-cms.js on /admin/.
(function () {
  "use strict";
  if (!window.CMS || !window.createClass || !window.h) return;
  var h = window.h;

  // A new episode gets its permanent code (guid) by itself; an existing one keeps it, read-only:
  // podcast apps know an episode by it, so nobody should ever type or change it.
  var GuidControl = window.createClass({
    componentDidMount: function () {
      if (!this.props.value) {
        var id = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID()
          : "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
              var r = Math.random() * 16 | 0; return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
            });
        this.props.onChange("hvk-owtb-" + id);
      }
    },
    render: function () {
      return h("input", {
        id: this.props.forID, className: this.props.classNameWrapper, type: "text",
        value: this.props.value || "", readOnly: true, "aria-readonly": "true"
      });
    }
  });
  window.CMS.registerWidget("guid", GuidControl);

  // The preview in the site's own styles.
  window.CMS.registerPreviewStyle("../assets/stylesheets/campagne.css");
})();
