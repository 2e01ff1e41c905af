// The staff panel's date pickers in Indonesian. Flask-Admin draws them with an English
// bootstrap-daterangepicker (Apply/Cancel, "Su Mo Tu", "Dec") and offers only the last 50 years
// in its year list, too few for a birth date; this field converter draws the same picker with
// Indonesian labels, Monday first, and years from 1920. The value stays YYYY-MM-DD as typed.
(function () {
  'use strict';
  var LOCALE = {
    applyLabel: 'Pilih', cancelLabel: 'Batal', fromLabel: 'Dari', toLabel: 'Sampai', weekLabel: 'Mg',
    customRangeLabel: 'Rentang lain',
    daysOfWeek: ['Mg', 'Sn', 'Sl', 'Rb', 'Km', 'Jm', 'Sb'],
    monthNames: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
    firstDay: 1
  };

  function indonesianDatepicker($el, name) {
    if (name !== 'datepicker' && name !== 'daterangepicker') {
      return false;
    }
    $el.daterangepicker({
      timePicker: false,
      showDropdowns: true,
      singleDatePicker: name === 'datepicker',
      separator: ' to ',  // Flask-Admin's "between" filters read the two dates around this
      format: $el.attr('data-date-format'),
      minDate: window.moment('1920-01-01'),
      locale: LOCALE
    }, function () {
      window.jQuery('.filter-val').trigger('change');
    });
    return true;
  }

  function register() {
    window.faForm.addFieldConverter(indonesianDatepicker);
  }

  if (window.faForm) {
    register();
  } else if (window.jQuery) {
    window.jQuery(document).on('adminFormReady', register);
  }
})();
